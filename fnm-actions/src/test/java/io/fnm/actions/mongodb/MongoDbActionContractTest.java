package io.fnm.actions.mongodb;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.capture.Clock;
import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MongoDbActionContractTest extends AttackActionContractTest
{
    private static MongoServer server;

    @BeforeAll
    static void startServer()
    {
        server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer()
    {
        server.shutdownNow();
    }

    @Override
    protected AttackAction createAction()
    {
        return new MongoDbAction("127.0.0.1", server.getLocalAddress().getPort(), "fastnetmon", Duration.ofSeconds(2),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.SYSTEM);
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        final MongoDbAction mongo = (MongoDbAction)action;
        assertThat(mongo.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(mongo.delivery().failed()).isZero();
    }
}
