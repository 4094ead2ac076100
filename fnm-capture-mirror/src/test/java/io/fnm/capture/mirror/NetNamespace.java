package io.fnm.capture.mirror;

import io.fnm.capture.mirror.internal.PacketLibC;
import io.fnm.capture.mirror.internal.PacketNative;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with a veth pair {@code v0} (capture side) and {@code v1} (sender side), both up, IPv6 off (so
 * no router solicitation or DAD frame appears), created with {@code ip netns} for one test class and deleted after.
 * Code runs inside it on the calling thread ({@code setns(2)} affects one thread, so sockets opened there live in
 * the namespace). Creation fails with the command's own words when it cannot be done (CI runs as root); it never
 * skips.
 */
final class NetNamespace implements AutoCloseable
{
    static final String CAPTURE = "v0";
    static final String SENDER = "v1";

    private final String name;
    private int savedNamespace = -1;

    private NetNamespace(final String name)
    {
        this.name = name;
    }

    static NetNamespace create()
    {
        final String name = "fnm-test-" + ProcessHandle.current().pid() + "-" +
            ThreadLocalRandom.current().nextInt(1_000_000);
        final NetNamespace ns = new NetNamespace(name);
        run("ip", "netns", "add", name);
        try
        {
            run("ip", "netns", "exec", name, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
            run("ip", "-n", name, "link", "add", CAPTURE, "type", "veth", "peer", "name", SENDER);
            run("ip", "-n", name, "link", "set", CAPTURE, "up");
            run("ip", "-n", name, "link", "set", SENDER, "up");
        }
        catch (final AssertionError ex)
        {
            ns.close();
            throw ex;
        }
        return ns;
    }

    private static void run(final String... command)
    {
        final String text = String.join(" ", command);
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("'" + text + "' did not finish (the veth tests need root and iproute2)");
            }
            if (process.exitValue() != 0)
            {
                throw new AssertionError("'" + text + "' failed with status " + process.exitValue() + ": " +
                    output.trim() + " (the veth tests need root, or CAP_SYS_ADMIN + CAP_NET_ADMIN, and iproute2)");
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError("'" + text + "' could not run: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running '" + text + "'", ex);
        }
    }

    /**
     * Move the calling thread into the namespace until {@link #leave()}.
     */
    void enter()
    {
        final PacketLibC libc = PacketNative.libc();
        savedNamespace = libc.open("/proc/thread-self/ns/net", PacketLibC.O_RDONLY);
        final int target = libc.open("/run/netns/" + name, PacketLibC.O_RDONLY);
        if (savedNamespace < 0 || target < 0)
        {
            throw new AssertionError(PacketNative.lastError("open namespace " + name));
        }
        try
        {
            if (libc.setns(target, PacketLibC.CLONE_NEWNET) != 0)
            {
                throw new AssertionError(PacketNative.lastError("setns " + name));
            }
        }
        finally
        {
            libc.close(target);
        }
    }

    /**
     * Move the calling thread back to the namespace it was in before {@link #enter()}.
     */
    void leave()
    {
        if (savedNamespace >= 0)
        {
            final PacketLibC libc = PacketNative.libc();
            final int result = libc.setns(savedNamespace, PacketLibC.CLONE_NEWNET);
            libc.close(savedNamespace);
            savedNamespace = -1;
            if (result != 0)
            {
                throw new AssertionError(PacketNative.lastError("setns back"));
            }
        }
    }

    <T> T call(final Callable<T> work) throws Exception
    {
        enter();
        try
        {
            return work.call();
        }
        finally
        {
            leave();
        }
    }

    /**
     * @return a raw sender on {@link #SENDER}, opened inside the namespace.
     * @throws Exception when the socket cannot be opened.
     */
    Sender sender() throws Exception
    {
        return call(Sender::new);
    }

    @Override
    public void close()
    {
        run("ip", "netns", "del", name);
    }

    /** Writes whole Ethernet frames into {@link #SENDER} through an AF_PACKET socket. */
    static final class Sender implements AutoCloseable
    {
        private final PacketLibC libc = PacketNative.libc();
        private final int fd;
        private final Pointer buffer = Memory.allocateDirect(PacketNative.runtime(), 65536, true);

        Sender() throws IOException
        {
            fd = libc.socket(PacketLibC.AF_PACKET, PacketLibC.SOCK_RAW, 0);
            if (fd < 0)
            {
                throw new IOException(PacketNative.lastError("sender socket"));
            }
            final Pointer address = Memory.allocateDirect(PacketNative.runtime(), 20, true);
            address.putShort(0, (short)PacketLibC.AF_PACKET);
            address.putInt(4, libc.if_nametoindex(SENDER));
            if (libc.bind(fd, address, 20) != 0)
            {
                throw new IOException(PacketNative.lastError("sender bind"));
            }
        }

        void send(final byte[] frame) throws IOException
        {
            buffer.put(0, frame, 0, frame.length);
            while (libc.send(fd, buffer, frame.length, 0) != frame.length)
            {
                final String error = PacketNative.lastError("send");
                if (!error.contains("errno 105") && !error.contains("errno 11"))
                {
                    throw new IOException(error);
                }
                Thread.onSpinWait(); // ENOBUFS/EAGAIN: the veth queue is full for a moment
            }
        }

        void sendAll(final List<byte[]> frames) throws IOException
        {
            for (final byte[] frame : frames)
            {
                send(frame);
            }
        }

        @Override
        public void close()
        {
            libc.close(fd);
        }
    }

    static List<byte[]> udpFrames(final int count, final String dst)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(Frames.ipv4("198.51.100." + (1 + i % 200), dst).udp(1024 + i, 53).payload(32).build());
        }
        return frames;
    }
}
