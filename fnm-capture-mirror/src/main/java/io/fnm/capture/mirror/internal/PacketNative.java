package io.fnm.capture.mirror.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * Binds {@link PacketLibC} on first use and holds why it could not (not Linux, jnr-ffi missing, or switched off with
 * {@code -D}{@value #DISABLE_PROPERTY}{@code =true}).
 */
public final class PacketNative
{
    /** System property that switches the AF_PACKET binding off. */
    public static final String DISABLE_PROPERTY = "fnm.afpacket.disable";

    private static final PacketLibC LIBC;
    private static final Runtime RUNTIME;
    private static final Throwable CAUSE;

    static
    {
        PacketLibC libc = null;
        Runtime runtime = null;
        Throwable cause = null;
        try
        {
            if (Boolean.getBoolean(DISABLE_PROPERTY))
            {
                cause = new UnsupportedOperationException("AF_PACKET switched off by -D" + DISABLE_PROPERTY);
            }
            else if (Platform.getNativePlatform().getOS() != Platform.OS.LINUX)
            {
                cause = new UnsupportedOperationException("AF_PACKET needs Linux, not " +
                    Platform.getNativePlatform().getOS());
            }
            else
            {
                libc = LibraryLoader.create(PacketLibC.class).load("c");
                runtime = Runtime.getRuntime(libc);
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            cause = ex;
            libc = null;
        }
        LIBC = libc;
        RUNTIME = runtime;
        CAUSE = cause;
    }

    private PacketNative()
    {
    }

    /**
     * @return why the binding is unavailable, or null.
     */
    public static Throwable unavailabilityCause()
    {
        return CAUSE;
    }

    /**
     * @return the binding.
     * @throws IllegalStateException when it is unavailable.
     */
    public static PacketLibC libc()
    {
        if (LIBC == null)
        {
            throw new IllegalStateException("AF_PACKET unavailable: " + CAUSE, CAUSE);
        }
        return LIBC;
    }

    /**
     * @return the jnr runtime of the binding.
     */
    public static Runtime runtime()
    {
        libc();
        return RUNTIME;
    }

    /**
     * @param what the call that failed.
     * @return its errno, as text.
     */
    public static String lastError(final String what)
    {
        final int errno = RUNTIME.getLastError();
        return what + ": " + LIBC.strerror(errno) + " (errno " + errno + ")";
    }
}
