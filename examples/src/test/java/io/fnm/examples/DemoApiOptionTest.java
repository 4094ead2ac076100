package io.fnm.examples;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoApiOptionTest
{
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    private final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private Integer parse(final String... args)
    {
        final DemoCommand demo = new DemoCommand(out, err);
        new CommandLine(demo).parseArgs(args);
        return demo.api;
    }

    @Test
    void shouldServeNoDashboardWhenDemoHasNoOption()
    {
        assertThat(parse()).isNull();
    }

    @Test
    void shouldUseTheApiPortDefaultWhenApiHasNoPort()
    {
        assertThat(parse("--api")).isEqualTo(9210);
        assertThat(parse("--api=18080")).isEqualTo(18080);
    }

    @Test
    void shouldExitWith2WhenThePortIsBad()
    {
        assertThat(Main.run(List.of("demo", "--api=x"), out, err)).isEqualTo(2);
        assertThat(Main.run(List.of("demo", "--api=70000"), out, err)).isEqualTo(2);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).contains("--api");
    }
}
