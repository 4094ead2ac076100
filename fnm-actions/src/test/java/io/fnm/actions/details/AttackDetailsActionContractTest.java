package io.fnm.actions.details;

import io.fnm.capture.Clock;
import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class AttackDetailsActionContractTest extends AttackActionContractTest
{
    @TempDir
    Path dir;

    @Override
    protected AttackAction createAction()
    {
        return new AttackDetailsAction(dir.resolve("attacks"), true, ZoneOffset.UTC, Clock.SYSTEM);
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        final AttackDetailsAction details = (AttackDetailsAction)action;
        assertThat(details.awaitWritten(Duration.ofSeconds(10))).isTrue();
        assertThat(details.delivery().failed()).isZero();
    }
}
