package io.fnm.capture.mirror;

import jnr.ffi.LibraryLoader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Builds {@code src/test/c/netmap_stub.c} with gcc into {@code target/netmap-stub/libnetmap_stub.so} (once per JVM),
 * points {@link NetmapSource#STUB_PROPERTY} at it, and binds the stub's own control calls. Fails with gcc's words when
 * it cannot build; never skips.
 */
final class NetmapStub
{
    private static Control control;

    private NetmapStub()
    {
    }

    /** The stub's control calls (not part of netmap). */
    public interface Control
    {
        /** Free the memory, empty the call log. */
        void netmap_stub_reset();

        /**
         * @param data   frame bytes.
         * @param length their length.
         * @return 1 when queued on an RX ring, 0 when that ring was full.
         */
        int netmap_stub_add_frame(byte[] data, int length);

        /**
         * Queue a frame whose slot lies about its length.
         *
         * @param data       frame bytes.
         * @param length     their length.
         * @param slotLength the {@code len} the slot reports (16 bits: 0 to 65535).
         * @return 1 when queued on an RX ring, 0 when that ring was full.
         */
        int netmap_stub_add_frame_with_slot_length(byte[] data, int length, int slotLength);

        /**
         * @return the calls made so far, {@code ;}-separated.
         */
        String netmap_stub_calls();
    }

    static synchronized Control control()
    {
        if (control == null)
        {
            final Path dir = Path.of("target", "netmap-stub").toAbsolutePath();
            build(dir);
            System.setProperty(NetmapSource.STUB_PROPERTY, dir.toString());
            control = LibraryLoader.create(Control.class).search(dir.toString()).failImmediately().load("netmap_stub");
        }
        control.netmap_stub_reset();
        return control;
    }

    private static void build(final Path dir)
    {
        final String[] command = {"gcc", "-Wall", "-shared", "-fPIC", "-o", dir.resolve("libnetmap_stub.so").toString(),
            Path.of("src", "test", "c", "netmap_stub.c").toAbsolutePath().toString(), "-lpthread"};
        try
        {
            Files.createDirectories(dir);
            final Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0)
            {
                throw new AssertionError("gcc could not build the netmap stub: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("gcc could not run (the netmap tests need gcc): " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted building the netmap stub", ex);
        }
    }
}
