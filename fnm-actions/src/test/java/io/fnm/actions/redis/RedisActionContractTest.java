package io.fnm.actions.redis;

import io.fnm.actions.internal.RetryPolicy;
import io.fnm.capture.Clock;
import io.fnm.capture.testkit.DebianPackages;
import io.fnm.capture.testkit.ServerProcess;
import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RedisActionContractTest extends AttackActionContractTest
{
    @TempDir
    static Path dir;

    private static ServerProcess server;
    private static int port;

    @BeforeAll
    static void startRedis()
    {
        final Path redis = DebianPackages.require("/usr/bin/redis-server", "redis-server");
        port = ServerProcess.freePort();
        server = ServerProcess.start("redis-server", dir, List.of(redis.toString(), "--save", "", "--appendonly",
            "no", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--dir", dir.toString()))
            .awaitPort(port, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stopRedis()
    {
        server.close();
    }

    @Override
    protected AttackAction createAction()
    {
        return new RedisAction("127.0.0.1", port, "mydc1", Duration.ofSeconds(2),
            new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Clock.SYSTEM);
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        final RedisAction redis = (RedisAction)action;
        assertThat(redis.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(redis.delivery().failed()).isZero();
    }
}
