package io.fnm.examples.api;

/**
 * The control of {@link ApiPollingLoad}: one thread per CPU it may run on, each spinning over a small array (in its
 * own core's caches) until the process is stopped, so the load's capture thread sees what a busy neighbour costs it
 * on this machine without any request to the engine.
 */
final class CpuSpinner
{
    private static volatile long sink;

    private CpuSpinner()
    {
    }

    public static void main(final String[] args)
    {
        final int threads = Runtime.getRuntime().availableProcessors();
        for (int t = 0; t < threads; t++)
        {
            final Thread thread = new Thread(CpuSpinner::spin, "spinner-" + t);
            thread.start();
        }
    }

    private static void spin()
    {
        final long[] values = new long[4096];
        long sum = 0;
        for (long i = 0; ; i++)
        {
            final int index = (int)(i & (values.length - 1));
            values[index] += i;
            sum += values[index];
            if ((i & 0xFFFFFF) == 0)
            {
                sink = sum;
            }
        }
    }
}
