package io.fnm.examples.api;

import io.fnm.capture.testkit.DebianPackages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar fnm.jar top} in a real terminal: a detached tmux session on its own socket, driven with
 * {@code send-keys} and read with {@code capture-pane}, against a real engine and API served in this JVM.
 */
class TopScreenTmuxIT
{
    private static final int UDP = 17;
    private static final long DEADLINE_NANOS = 20_000_000_000L;

    @TempDir
    Path dir;

    private ApiFixture fx;
    private Path tmux;
    private String socket;

    @BeforeEach
    void start() throws Exception
    {
        tmux = DebianPackages.require("/usr/bin/tmux", "tmux");
        fx = new ApiFixture();
        socket = "fnm-top-it-" + ProcessHandle.current().pid();
    }

    @AfterEach
    void stop() throws Exception
    {
        tmux("kill-server");
        fx.close();
    }

    @Test
    void shouldShowTheVictimSortBanWithConfirmationAndQuit() throws Exception
    {
        fx.second("10.0.0.5", UDP, 5_000, 100);
        fx.sink.accept(ApiFixture.record("192.0.2.1", "10.0.0.6", UDP, 1_000, 1_000 * 1500));
        fx.second("10.0.0.5", UDP, 5_000, 100);
        final Path tokenFile = Files.writeString(dir.resolve("token"), ApiFixture.TOKEN);
        final String jar = Path.of(System.getProperty("fnm.jar", "target/fnm.jar")).toAbsolutePath().toString();
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        tmux("new-session", "-d", "-s", "top", "-x", "150", "-y", "45", java + " -jar " + jar +
            " top --api " + fx.base + " --token-file " + tokenFile + " 2>" + dir.resolve("top.err"));
        final String first = awaitScreen(s -> s.contains("10.0.0.5") && s.contains("Ban list:"));
        Files.writeString(dir.resolve("screen.txt"), first); // a test artifact, and the README's screen
        Files.copy(dir.resolve("screen.txt"), Path.of("target", "fnm-top-screen.txt"),
            StandardCopyOption.REPLACE_EXISTING);

        assertThat(first).contains("hosts ordered by packets").contains("Incoming traffic, top 7")
            .contains("10.0.0.0/8");
        tmux("send-keys", "-t", "top", "b");
        assertThat(awaitScreen(s -> s.contains("hosts ordered by bytes"))).containsPattern("> 10\\.0\\.0\\.6 ");
        tmux("send-keys", "-t", "top", "B");
        assertThat(awaitScreen(s -> s.contains("(y/n)"))).contains("ban 10.0.0.6? (y/n)");
        tmux("send-keys", "-t", "top", "y");
        assertThat(awaitScreen(s -> s.contains("banned 10.0.0.6"))).contains("manual");
        assertThat(fx.engine.banList()).extracting(b -> b.attack().ip()).containsExactly("10.0.0.6");
        tmux("send-keys", "-t", "top", "q");
        awaitSessionGone();
    }

    private String awaitScreen(final Predicate<String> ready) throws Exception
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        String screen = "";
        while (System.nanoTime() < deadline)
        {
            screen = tmux("capture-pane", "-p", "-t", "top");
            if (ready.test(screen))
            {
                return screen;
            }
            Thread.sleep(100); // the screen refreshes on its own clock, once a second
        }
        throw new AssertionError("the screen never showed what was expected; last screen:\n" + screen +
            "\nstderr: " + (Files.exists(dir.resolve("top.err")) ? Files.readString(dir.resolve("top.err")) : ""));
    }

    private void awaitSessionGone() throws Exception
    {
        final long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline)
        {
            if (exitOf("has-session", "-t", "top") != 0)
            {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fnm top did not quit on q");
    }

    private int exitOf(final String... args) throws IOException, InterruptedException
    {
        final Process p = process(args);
        p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return p.exitValue();
    }

    private String tmux(final String... args) throws IOException, InterruptedException
    {
        final Process p = process(args);
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    private Process process(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(tmux.toString(), "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm-256color");
        builder.environment().remove("TMUX");
        return builder.start();
    }
}
