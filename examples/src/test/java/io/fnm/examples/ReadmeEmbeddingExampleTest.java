package io.fnm.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's embedding example is one complete class; this test compiles that exact text against the project's
 * classes and runs it in a child JVM: it must print the ban of the flooded host.
 */
class ReadmeEmbeddingExampleTest
{
    private static final Pattern EXAMPLE = Pattern.compile(
        "<!-- embedding-example -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path work;

    @Test
    void shouldCompileAndRunTheReadmeEmbeddingExample() throws Exception
    {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final Matcher matcher = EXAMPLE.matcher(readme);
        assertThat(matcher.find()).as("README has an embedding example block").isTrue();
        final String source = matcher.group(1);
        final Path sourceFile = work.resolve("EmbeddingExample.java");
        Files.writeString(sourceFile, source);
        final String classPath = System.getProperty("java.class.path");

        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        final int status = compiler.run(null, diagnostics, diagnostics,
            "--release", "17", "-cp", classPath, "-d", work.toString(), sourceFile.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        final String output = runJava(classPath + java.io.File.pathSeparator + work, "EmbeddingExample");

        assertThat(output).contains("BAN 192.0.2.10 incoming syn_flood");
    }

    private static String runJava(final String classPath, final String mainClass)
        throws IOException, InterruptedException
    {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process process = new ProcessBuilder(List.of(java.toString(), "-cp", classPath, mainClass))
            .redirectErrorStream(true)
            .start();
        process.getOutputStream().close();
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        final Thread reader = new Thread(() ->
        {
            try
            {
                process.getInputStream().transferTo(output);
            }
            catch (final IOException ignored)
            {
                // the process died; what was read is asserted on
            }
        });
        reader.start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
        }
        reader.join(5_000);
        return output.toString(StandardCharsets.UTF_8);
    }
}
