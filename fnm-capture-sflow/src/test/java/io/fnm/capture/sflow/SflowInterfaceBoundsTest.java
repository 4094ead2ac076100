package io.fnm.capture.sflow;

import io.fnm.capture.CounterVisitor;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8, "sFlow counter samples": spoofed agents × interfaces must be bounded per agent and per decoder (what is
 * dropped counted), and a metrics scrape must not cost the interfaces.
 */
class SflowInterfaceBoundsTest
{
    /** Counter samples per datagram. */
    private static final int SAMPLES = 12;

    private final SflowDecoder decoder = new SflowDecoder();

    /** A v5 datagram from {@code agent} with generic interface counters of ifIndex {@code from} onwards. */
    private static ByteBuffer counterSamples(final int agent, final long from, final int count)
    {
        final ByteBuffer b = ByteBuffer.allocate(28 + count * (8 + 12 + 8 + 88));
        b.putInt(5).putInt(1).putInt(agent).putInt(0).putInt(1).putInt(1000).putInt(count);
        for (int i = 0; i < count; i++)
        {
            b.putInt(2).putInt(12 + 8 + 88);
            b.putInt(1).putInt((int)(from + i)).putInt(1);
            b.putInt(1).putInt(88);
            b.putInt((int)(from + i)).putInt(6).putLong(10_000_000_000L).putInt(1).putInt(3).putLong(1000 + i);
            for (int k = 0; k < 6; k++)
            {
                b.putInt(k);
            }
            b.putLong(2000 + i);
            for (int k = 0; k < 6; k++)
            {
                b.putInt(k);
            }
        }
        return b.flip();
    }

    private void feed(final int agent, final int interfaces)
    {
        for (int from = 1; from <= interfaces; from += SAMPLES)
        {
            decoder.decode(counterSamples(agent, from, Math.min(SAMPLES, interfaces - from + 1)), r -> { });
        }
    }

    private static SflowAgentStats only(final SflowDecoder decoder)
    {
        final List<SflowAgentStats> stats = new ArrayList<>();
        decoder.agentSnapshots(stats);
        assertThat(stats).hasSize(1);
        return stats.get(0);
    }

    private Map<String, Long> counters()
    {
        final Map<String, Long> values = new HashMap<>();
        decoder.counters((CounterVisitor)(descriptor, label1, label2, value) ->
            values.merge(descriptor.name(), value, Long::sum));
        SflowCollector.agentCounters(List.of(decoder), (CounterVisitor)(descriptor, label1, label2, value) ->
            values.merge(descriptor.name(), value, Long::sum));
        return values;
    }

    @Test
    void shouldKeepAtMostTheBoundOfInterfacesOfOneAgentAndCountTheRecordsOfTheOthers()
    {
        feed(0xC0000201, AgentState.MAX_INTERFACES + 904);

        assertThat(only(decoder).interfaces()).hasSize(AgentState.MAX_INTERFACES);
        assertThat(counters()).containsEntry("sflow_interface_counters_dropped_total", 904L)
            .containsEntry("sflow_interfaces_tracked", (long)AgentState.MAX_INTERFACES);
    }

    @Test
    void shouldKeepAtMostTheBoundOfInterfacesOverEveryAgentAndCountTheRecordsOfTheOthers()
    {
        final int agents = 2 * SflowDecoder.MAX_INTERFACES_TOTAL / 2048;
        for (int agent = 0; agent < agents; agent++)
        {
            feed(0x0A000000 + agent, 2048);
        }

        assertThat(counters()).containsEntry("sflow_interfaces_tracked", (long)SflowDecoder.MAX_INTERFACES_TOTAL)
            .containsEntry("sflow_interface_counters_dropped_total", (long)agents * 2048 -
                SflowDecoder.MAX_INTERFACES_TOTAL);
    }

    @Test
    void shouldScrapeWithoutCopyingInterfaceCountersWhenAgentsHaveThousandsOfInterfaces() throws Exception
    {
        final int agents = SflowDecoder.MAX_INTERFACES_TOTAL / 2048;
        for (int agent = 0; agent < agents; agent++)
        {
            feed(0x0A000000 + agent, 2048);
        }
        counters(); // warm up

        final long before = allocatedBytes();
        final Map<String, Long> values = counters();
        final long allocated = allocatedBytes() - before;

        assertThat(values).containsEntry("sflow_interfaces_tracked", (long)SflowDecoder.MAX_INTERFACES_TOTAL);
        // copying 65 536 interfaces' counters costs over 10 MB; the agents' own series a few KB each
        assertThat(allocated).isLessThan(agents * 16_384L);
    }

    /**
     * Bytes allocated by this thread so far: HotSpot's com.sun.management.ThreadMXBean, by reflection since the
     * module under test does not read java.management (the tests run on the class path).
     */
    private static long allocatedBytes() throws Exception
    {
        final Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
            .invoke(null);
        final Method method = Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
        return (long)method.invoke(bean, Thread.currentThread().getId());
    }
}
