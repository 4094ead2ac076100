package io.fnm.actions.exabgp;

import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExaBgpActionContractTest extends AttackActionContractTest
{
    @TempDir
    Path dir;

    @Override
    protected AttackAction createAction() throws Exception
    {
        final Path pipe = Files.createFile(dir.resolve("exabgp.cmd"));
        return new ExaBgpAction(ExaBgpFixture.settings(pipe, ExaBgpFixture.ipv4(true, true, true),
            ExaBgpFixture.ipv6(true, true, true)));
    }

    @Override
    protected void afterEachCall(final AttackAction action) throws Exception
    {
        assertThat(Files.readAllLines(dir.resolve("exabgp.cmd")))
            .allMatch(line -> line.startsWith("announce ") || line.startsWith("withdraw "));
        assertThat(((ExaBgpAction)action).writeFailures()).isZero();
    }
}
