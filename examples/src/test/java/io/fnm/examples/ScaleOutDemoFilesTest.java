package io.fnm.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's scale-out demo ({@code docs/scale-out-demo}) stays runnable: its runner files pass the strict
 * configuration check, and its single-file programs compile against the runner's and Kafka's current API.
 */
class ScaleOutDemoFilesTest
{
    private static final Path DEMO = Path.of("..", "docs", "scale-out-demo");

    @TempDir
    Path classes;

    @ParameterizedTest
    @ValueSource(strings = {"inlet.conf", "engine-1.conf", "engine-2.conf"})
    void shouldPassTheStrictConfigurationCheck(final String file)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int status = Main.run(List.of("run", "--configuration_file", DEMO.resolve(file).toString(),
            "--configuration_check", "--strict"), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void shouldCompileTheDemoPrograms() throws IOException
    {
        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8))
        {
            final boolean compiled = compiler.getTask(null, files, diagnostics,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                files.getJavaFileObjects(DEMO.resolve("CreateTopics.java"), DEMO.resolve("SendNetflow.java"),
                    DEMO.resolve("ShowBans.java"))).call();

            assertThat(compiled).as(diagnostics.getDiagnostics().toString()).isTrue();
        }
    }
}
