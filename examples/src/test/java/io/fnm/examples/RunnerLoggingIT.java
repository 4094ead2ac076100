package io.fnm.examples;

import io.fnm.capture.testkit.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner jar started with FastNetMon's flags only: {@code --log_file} takes the log, each line has a timestamp.
 */
class RunnerLoggingIT
{
    private static final String TIMESTAMPED =
        "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) .*";

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldLogTimestampedLinesToTheLogFileWhenStartedWithFastNetMonsFlags() throws Exception
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "192.0.2.0/24\n");
        final Path conf = Files.writeString(dir.resolve("fastnetmon.conf"), "networks_list_path = " + networks +
            "\nnetflow = on\nnetflow_host = 127.0.0.1\nnetflow_port = " + ServerProcess.freePort() +
            "\nlogging_level = info\n");
        final Path log = dir.resolve("fnm.log");

        try (FnmJar runner = FnmJar.start("--configuration_file", conf.toString(), "--log_file", log.toString(),
            "--disable_pid_logic"))
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(log) && Files.readString(log).contains("fnm running")) &&
                System.nanoTime() < deadline && runner.process().isAlive())
            {
                runner.process().waitFor(100, TimeUnit.MILLISECONDS);
            }

            final String text = Files.readString(log);
            assertThat(text).as(runner.output()).contains("fnm running").contains("fnm engine running in ban mode");
            assertThat(text.lines()).allMatch(line -> line.matches(TIMESTAMPED) || line.startsWith("\t"));
            assertThat(runner.output()).doesNotContain("fnm running");
        }
    }
}
