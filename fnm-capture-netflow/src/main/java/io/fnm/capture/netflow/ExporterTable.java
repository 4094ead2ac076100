package io.fnm.capture.netflow;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exporters a decoder knows, by source address: bounded ({@link NetflowSettings#maxExporters()}), evicting the
 * least recently seen exporter together with its templates. The last exporter looked up is cached, since a datagram
 * usually comes from the same exporter as the one before. Looked up by the decoding thread only; snapshots may be
 * taken from any thread.
 */
final class ExporterTable
{
    private final Map<InetAddress, ExporterState> exporters = new ConcurrentHashMap<>();
    private final int maxExporters;
    private final TemplateCache templates;
    private final DecoderCounters counters;
    private InetAddress lastAddress;
    private ExporterState lastExporter;

    /**
     * @param maxExporters how many exporters are kept.
     * @param templates    the cache whose templates of an evicted exporter are dropped.
     * @param counters     where evictions are counted.
     */
    ExporterTable(final int maxExporters, final TemplateCache templates, final DecoderCounters counters)
    {
        this.maxExporters = maxExporters;
        this.templates = templates;
        this.counters = counters;
    }

    /**
     * Find or add an exporter and mark it seen.
     *
     * @param address the exporter's source address.
     * @param now     the time, epoch milliseconds.
     * @return its state.
     */
    ExporterState lookup(final InetAddress address, final long now)
    {
        ExporterState state;
        if (address == lastAddress || address.equals(lastAddress))
        {
            state = lastExporter;
        }
        else
        {
            state = exporters.get(address);
            if (state == null)
            {
                if (exporters.size() >= maxExporters)
                {
                    evictLeastRecent();
                }
                state = new ExporterState(address);
                exporters.put(address, state);
            }
            lastAddress = address;
            lastExporter = state;
        }
        state.lastSeenMillis = now;
        return state;
    }

    /**
     * @return exporters tracked now.
     */
    int size()
    {
        return exporters.size();
    }

    /**
     * @return a snapshot of every exporter's counters.
     */
    List<ExporterStats> snapshot()
    {
        final List<ExporterStats> stats = new ArrayList<>();
        for (final ExporterState state : exporters.values())
        {
            stats.add(new ExporterStats(
                state.address,
                (int)state.counter(ExporterState.VERSION),
                state.counter(ExporterState.DATAGRAMS),
                state.counter(ExporterState.RECORDS),
                state.counter(ExporterState.MALFORMED),
                state.counter(ExporterState.UNKNOWN_TEMPLATE),
                state.counter(ExporterState.TEMPLATES_KNOWN),
                state.counter(ExporterState.SAMPLING_RATE)));
        }
        return Collections.unmodifiableList(stats);
    }

    private void evictLeastRecent()
    {
        ExporterState victim = null;
        for (final ExporterState state : exporters.values())
        {
            if (victim == null || state.lastSeenMillis < victim.lastSeenMillis)
            {
                victim = state;
            }
        }
        if (victim != null)
        {
            templates.removeAll(victim);
            exporters.remove(victim.address);
            counters.add(NetflowCounter.EXPORTERS_EVICTED, 1);
            if (victim == lastExporter)
            {
                lastExporter = null;
                lastAddress = null;
            }
        }
    }
}
