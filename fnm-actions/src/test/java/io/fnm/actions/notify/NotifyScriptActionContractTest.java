package io.fnm.actions.notify;

import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class NotifyScriptActionContractTest extends AttackActionContractTest
{
    @TempDir
    Path dir;

    private Path calls;

    @Override
    protected AttackAction createAction() throws Exception
    {
        calls = dir.resolve("calls");
        final Path script = dir.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$4\" >> " + calls + "\ncat > /dev/null\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return new NotifyScriptAction(script, Duration.ofSeconds(10), true);
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        if (Files.exists(calls))
        {
            assertThat(Files.readAllLines(calls)).isSubsetOf("ban", "attack_details", "unban");
        }
    }
}
