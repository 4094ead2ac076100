package io.fnm.capture.mirror;

import jnr.ffi.LibraryLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code src/test/c/pfring_stub.c} with gcc into {@code target/pfring-stub/libpfring.so} (once per JVM),
 * points {@link PfRingSource#PATH_PROPERTY} at it, and binds the stub's own control calls. Fails with gcc's words when
 * it cannot build; never skips.
 */
final class PfRingStub
{
    private static Control control;

    private PfRingStub()
    {
    }

    /** The stub's control calls (not part of PF_RING). */
    public interface Control
    {
        /** Empty the frame queue, the counters and the call log. */
        void pfring_stub_reset();

        /**
         * @param data   frame bytes.
         * @param length their length.
         * @param sec    capture time, seconds.
         * @param usec   capture time, microseconds.
         * @return 1 when queued.
         */
        int pfring_stub_add_frame(byte[] data, int length, long sec, long usec);

        /**
         * Queue a frame whose header lies: its {@code caplen} is {@code headerCaplen} (read as unsigned by PF_RING,
         * so -1 is 4 GiB), its {@code len} the real length; the bytes handed over are the real ones.
         *
         * @param data         frame bytes.
         * @param length       their length (the header's {@code len}).
         * @param headerCaplen the {@code caplen} the header reports.
         * @param sec          capture time, seconds.
         * @param usec         capture time, microseconds.
         * @return 1 when queued.
         */
        int pfring_stub_add_frame_with_caplen(byte[] data, int length, int headerCaplen, long sec, long usec);

        /**
         * @param drops the cumulative drop count pfring_stats reports.
         */
        void pfring_stub_set_drops(long drops);

        /**
         * @return the calls made so far, {@code ;}-separated.
         */
        String pfring_stub_calls();
    }

    static synchronized Control control()
    {
        if (control == null)
        {
            final Path dir = Path.of("target", "pfring-stub").toAbsolutePath();
            build(dir);
            System.setProperty(PfRingSource.PATH_PROPERTY, dir.toString());
            control = LibraryLoader.create(Control.class).search(dir.toString()).failImmediately().load("pfring");
        }
        control.pfring_stub_reset();
        return control;
    }

    private static void build(final Path dir)
    {
        final String[] command = {"gcc", "-Wall", "-shared", "-fPIC", "-o", dir.resolve("libpfring.so").toString(),
            Path.of("src", "test", "c", "pfring_stub.c").toAbsolutePath().toString(), "-lpthread"};
        try
        {
            Files.createDirectories(dir);
            final Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0)
            {
                throw new AssertionError("gcc could not build the PF_RING stub: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("gcc could not run (the PF_RING tests need gcc): " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted building the PF_RING stub", ex);
        }
    }
}
