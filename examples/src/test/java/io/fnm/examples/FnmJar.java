package io.fnm.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code examples/target/fnm-runner-0.1.0-SNAPSHOT.jar} as a child process, as a user would, collecting its
 * output.
 */
final class FnmJar implements AutoCloseable
{
    private final Process process;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final Thread reader;

    private FnmJar(final Process process)
    {
        this.process = process;
        this.reader = new Thread(() -> copy(process.getInputStream()), "fnm-jar-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static FnmJar start(final String... args) throws IOException
    {
        final Path jar = Path.of(System.getProperty("fnm.jar"));
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException(jar + " not built: run 'mvn verify' (integration tests use the jar)");
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new FnmJar(process);
    }

    Process process()
    {
        return process;
    }

    String output()
    {
        synchronized (output)
        {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private void copy(final InputStream in)
    {
        final byte[] buffer = new byte[8192];
        try
        {
            int read;
            while ((read = in.read(buffer)) >= 0)
            {
                synchronized (output)
                {
                    output.write(buffer, 0, read);
                }
            }
        }
        catch (final IOException ignored)
        {
            // the process ended
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
        reader.join(2_000);
    }
}
