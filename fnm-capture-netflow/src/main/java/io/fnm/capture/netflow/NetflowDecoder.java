package io.fnm.capture.netflow;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.internal.FlowSetHeader;
import io.fnm.capture.netflow.internal.IpfixHeader;
import io.fnm.capture.netflow.internal.NetflowV9Header;
import io.fnm.capture.netflow.internal.PacketSection;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Decodes NetFlow v5, v9 (RFC 3954) and IPFIX (RFC 7011) datagrams into {@link TrafficRecord}s, without sockets: the
 * collector, tests, the decode tool and benchmarks all drive it through {@link #decode(ByteBuffer, InetAddress,
 * TrafficSink)}.
 * <p>
 * <b>One decoder per thread.</b> It owns its template cache and exporter table and reuses one record; nothing is
 * allocated per datagram or record once an exporter's templates are known. Counters may be read from any thread.
 * <p>
 * <b>Templates</b> are scoped per (exporter address, source id / observation domain, template id). Data that arrives
 * before its template is skipped and counted, unless the template follows in the same datagram (a second pass
 * decodes it). A changed template replaces the old one; IPFIX withdrawals (field count 0, and withdraw-all) are
 * honoured; templates not refreshed within the timeout expire on the injected clock; the cache is bounded per
 * exporter and in total, evicting the least recently refreshed.
 * <p>
 * <b>Sampling</b>: v5 from its header (low 14 bits, 0 meaning 1). v9/IPFIX from options data (IE 34, 50, 305/306 with
 * 304, 309/310), kept per exporter and per sampler (IE 48 / 302) where records name one; data records carrying IE
 * 34/50 themselves (Huawei, MikroTik) update the exporter's rate; otherwise the configured fallback.
 * <p>
 * <b>Counts</b>: IE 1/2, else 85/86. Cisco ASA NSEL records (no IE 1/2/85/86 counts, IE 231/232/298/299) give two
 * records, one per direction. IE 89 forwarding status marks dropped traffic. NAT event records (IE 230) without
 * counters are skipped and counted. ICMP records get ports 0 and their type/code in {@link TrafficRecord#icmp}.
 * Every protocol number is kept (FastNetMon zeroes all but TCP, UDP and ICMP in v5).
 * <p>
 * <b>Parts</b>: {@link NetflowV5Decoder} (v5), {@link TemplateReader} (template sets), {@link FlowRecordBuilder}
 * (data records), {@link SamplingRates} (rates from options and data records), {@link ExporterTable} (exporters);
 * this class walks datagrams and their sets and keeps the counters.
 * <p>
 * <b>Hostile input</b>: every length is checked before use; a malformed datagram is counted once and what could be
 * decoded before the damage is kept; nothing is thrown for any input.
 */
public final class NetflowDecoder
{
    /** NetFlow version 5. */
    public static final int VERSION_5 = 5;
    /** NetFlow version 9. */
    public static final int VERSION_9 = 9;
    /** IPFIX (version 10). */
    public static final int VERSION_IPFIX = 10;

    private static final int MAX_SETS = 65536 / 4;
    private static final long EXPIRY_CHECK_MILLIS = 1000;

    private final Clock clock;
    private final TemplateCache templates;
    private final DecoderCounters counters = new DecoderCounters();
    private final ExporterTable exporters;
    private final NetflowV5Decoder v5;
    private final TemplateReader templateReader;
    private final FlowRecordBuilder records;
    private final int[] deferredSets = new int[MAX_SETS];
    private long nextExpiryCheckMillis;

    // per-datagram context
    private ByteBuffer buffer;
    private ExporterState exporter;
    private int version;
    private long domainId;
    private boolean malformed;
    private int datagramRecords;
    private int datagramUnknown;
    private int currentTemplateId;

    /**
     * @param settings limits, timeouts and the fallback sampling rate.
     * @param clock    time for template expiry.
     */
    public NetflowDecoder(final NetflowSettings settings, final Clock clock)
    {
        this.clock = clock;
        this.templates = new TemplateCache(
            settings.maxTemplatesPerExporter(), settings.maxTemplatesTotal(), settings.maxTemplateFields(),
            settings.maxTemplateBytesPerExporter(), settings.maxTemplateBytesTotal(),
            settings.templateTimeoutSeconds() * 1000L);
        this.exporters = new ExporterTable(settings.maxExporters(), templates, counters);
        final TrafficRecord record = new TrafficRecord();
        this.v5 = new NetflowV5Decoder(record);
        this.templateReader = new TemplateReader(templates, counters);
        this.records = new FlowRecordBuilder(
            record, new SamplingRates(settings.fallbackSamplingRatio()), new PacketSection(settings.parserOptions()),
            counters);
    }

    /**
     * Decode one datagram and deliver its flow records. The buffer's bytes from position to limit are the UDP
     * payload; its byte order is set to big-endian, its position and limit are left unchanged.
     *
     * @param datagram the UDP payload.
     * @param exporterAddress the exporter's source address (templates and sampling rates are scoped by it).
     * @param trafficSink where records go; it is not flushed.
     */
    public void decode(final ByteBuffer datagram, final InetAddress exporterAddress, final TrafficSink trafficSink)
    {
        datagram.order(ByteOrder.BIG_ENDIAN);
        final long now = clock.epochMillis();
        if (now >= nextExpiryCheckMillis)
        {
            nextExpiryCheckMillis = now + EXPIRY_CHECK_MILLIS;
            expire(now);
        }
        buffer = datagram;
        exporter = exporters.lookup(exporterAddress, now);
        malformed = false;
        datagramRecords = 0;
        datagramUnknown = 0;
        final int start = datagram.position();
        final int end = datagram.limit();
        add(NetflowCounter.DATAGRAMS, 1);
        exporter.add(ExporterState.DATAGRAMS, 1);
        if (end - start < 2)
        {
            malformed = true;
        }
        else
        {
            version = datagram.getShort(start) & 0xFFFF;
            switch (version)
            {
                case VERSION_5:
                    decodeV5(start, end, trafficSink);
                    break;
                case VERSION_9:
                    decodeV9(start, end, now, trafficSink);
                    break;
                case VERSION_IPFIX:
                    decodeIpfix(start, end, now, trafficSink);
                    break;
                default:
                    add(NetflowCounter.UNKNOWN_VERSION, 1);
                    malformed = true;
                    break;
            }
            exporter.set(ExporterState.VERSION, version);
        }
        if (malformed)
        {
            add(NetflowCounter.MALFORMED, 1);
            exporter.add(ExporterState.MALFORMED, 1);
        }
        add(NetflowCounter.RECORDS, datagramRecords);
        exporter.add(ExporterState.RECORDS, datagramRecords);
        add(NetflowCounter.UNKNOWN_TEMPLATE, datagramUnknown);
        exporter.add(ExporterState.UNKNOWN_TEMPLATE, datagramUnknown);
        buffer = null;
        templateReader.end();
        records.end();
    }

    /**
     * @return version of the datagram being decoded (5, 9 or 10); valid inside the sink's {@code accept}.
     */
    public int currentVersion()
    {
        return version;
    }

    /**
     * @return template id of the record being delivered (0 for v5); valid inside the sink's {@code accept}.
     */
    public int currentTemplateId()
    {
        return currentTemplateId;
    }

    /**
     * @return source id / observation domain of the datagram being decoded.
     */
    public long currentDomainId()
    {
        return domainId;
    }

    /**
     * Forget templates not refreshed within the timeout (also done automatically, at most once a second).
     *
     * @param nowMillis the time.
     */
    public void expire(final long nowMillis)
    {
        add(NetflowCounter.TEMPLATES_EXPIRED, templates.expire(nowMillis));
    }

    /**
     * @param counter a counter.
     * @return its value.
     */
    public long counter(final NetflowCounter counter)
    {
        return counters.get(counter);
    }

    /**
     * @return templates held now.
     */
    public int templateCount()
    {
        return templates.size();
    }

    /**
     * @return bytes held by templates now (racy when read from another thread: for metrics).
     */
    public long templateBytes()
    {
        return templates.bytes();
    }

    /**
     * @return exporters tracked now.
     */
    public int exporterCount()
    {
        return exporters.size();
    }

    /**
     * @return a snapshot of every exporter's counters.
     */
    public List<ExporterStats> exporterStats()
    {
        return exporters.snapshot();
    }

    /**
     * Report the decoder's totals (unlabelled, {@link NetflowCounter}) and every exporter's series
     * ({@link ExporterStats#counters(CounterVisitor)}, named apart so that a sum over a name counts nothing twice).
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        for (final NetflowCounter counter : NetflowCounter.values())
        {
            visitor.counter(counter.descriptor(), counter(counter));
        }
        visitor.counter(NetflowCounter.TEMPLATES_KNOWN, templates.size());
        visitor.counter(NetflowCounter.TEMPLATE_BYTES, templates.bytes());
        for (final ExporterStats stats : exporterStats())
        {
            stats.counters(visitor);
        }
    }

    private void add(final NetflowCounter counter, final long delta)
    {
        counters.add(counter, delta);
    }

    private void decodeV5(final int start, final int end, final TrafficSink sink)
    {
        currentTemplateId = 0;
        domainId = 0;
        final int delivered = v5.decode(buffer, start, end, exporter, sink);
        if (delivered == NetflowV5Decoder.MALFORMED)
        {
            malformed = true;
        }
        else
        {
            datagramRecords += delivered;
        }
    }

    private void decodeV9(final int start, final int end, final long now, final TrafficSink sink)
    {
        if (end - start < NetflowV9Header.LENGTH)
        {
            malformed = true;
            return;
        }
        final long sysUptimeMillis = buffer.getInt(start + NetflowV9Header.SYS_UPTIME_OFFSET) & 0xFFFF_FFFFL;
        final long exportMillis = (buffer.getInt(start + NetflowV9Header.UNIX_SECS_OFFSET) & 0xFFFF_FFFFL) * 1000L;
        domainId = buffer.getInt(start + NetflowV9Header.SOURCE_ID_OFFSET) & 0xFFFF_FFFFL;
        templateReader.begin(buffer, exporter, domainId, now);
        records.begin(buffer, exporter, sink, domainId, sysUptimeMillis, exportMillis);
        decodeSets(start + NetflowV9Header.LENGTH, end, end, false);
    }

    private void decodeIpfix(final int start, final int end, final long now, final TrafficSink sink)
    {
        if (end - start < IpfixHeader.LENGTH)
        {
            malformed = true;
            return;
        }
        final int length = buffer.getShort(start + IpfixHeader.LENGTH_OFFSET) & 0xFFFF;
        if (length < IpfixHeader.LENGTH || length > end - start)
        {
            malformed = true;
            return;
        }
        final long exportMillis = (buffer.getInt(start + IpfixHeader.EXPORT_TIME_OFFSET) & 0xFFFF_FFFFL) * 1000L;
        domainId = buffer.getInt(start + IpfixHeader.OBSERVATION_DOMAIN_OFFSET) & 0xFFFF_FFFFL;
        templateReader.begin(buffer, exporter, domainId, now);
        records.begin(buffer, exporter, sink, domainId, 0, exportMillis);
        // sets must start within the message length; one that overruns it but fits the datagram is still read
        // (an exporter bug seen in telegraf#14370)
        decodeSets(start + IpfixHeader.LENGTH, start + length, end, true);
    }

    private void decodeSets(final int first, final int end, final int datagramEnd, final boolean ipfix)
    {
        final int templateSetId = ipfix ? IpfixHeader.TEMPLATE_SET_ID : NetflowV9Header.TEMPLATE_FLOWSET_ID;
        final int optionsSetId =
            ipfix ? IpfixHeader.OPTIONS_TEMPLATE_SET_ID : NetflowV9Header.OPTIONS_TEMPLATE_FLOWSET_ID;
        int deferred = 0;
        int offset = first;
        while (end - offset >= FlowSetHeader.LENGTH)
        {
            final int setId = buffer.getShort(offset + FlowSetHeader.ID_OFFSET) & 0xFFFF;
            final int setLength = buffer.getShort(offset + FlowSetHeader.LENGTH_OFFSET) & 0xFFFF;
            if (setLength < FlowSetHeader.LENGTH || setLength > datagramEnd - offset)
            {
                // a zero id and length is trailing zero padding (PAN-OS), not damage
                if (setId != 0 || setLength != 0)
                {
                    malformed = true;
                }
                break;
            }
            final int setEnd = offset + setLength;
            final int recordsStart = offset + FlowSetHeader.LENGTH;
            if (setId == templateSetId)
            {
                malformed |= !(ipfix ? templateReader.ipfixTemplates(recordsStart, setEnd, false) :
                    templateReader.v9Templates(recordsStart, setEnd));
            }
            else if (setId == optionsSetId)
            {
                malformed |= !(ipfix ? templateReader.ipfixTemplates(recordsStart, setEnd, true) :
                    templateReader.v9OptionsTemplates(recordsStart, setEnd));
            }
            else if (setId >= FlowSetHeader.MIN_DATA_SET_ID)
            {
                final Template template = templates.find(exporter, domainId, setId);
                if (template != null)
                {
                    dataSet(template, recordsStart, setEnd);
                }
                else if (deferred < MAX_SETS)
                {
                    deferredSets[deferred++] = offset;
                }
            }
            offset = setEnd;
        }
        decodeDeferredSets(deferred);
    }

    /**
     * Data sets that came before their template: decoded now if the datagram carried it, else counted as unknown.
     */
    private void decodeDeferredSets(final int deferred)
    {
        for (int i = 0; i < deferred; i++)
        {
            final int setOffset = deferredSets[i];
            final int setId = buffer.getShort(setOffset + FlowSetHeader.ID_OFFSET) & 0xFFFF;
            final int setLength = buffer.getShort(setOffset + FlowSetHeader.LENGTH_OFFSET) & 0xFFFF;
            final Template template = templates.find(exporter, domainId, setId);
            if (template != null)
            {
                dataSet(template, setOffset + FlowSetHeader.LENGTH, setOffset + setLength);
            }
            else
            {
                datagramUnknown++;
            }
        }
    }

    private void dataSet(final Template template, final int first, final int end)
    {
        final int minLength = template.minRecordLength;
        if (minLength == 0)
        {
            // a template whose records take no bytes cannot delimit records
            malformed = true;
            return;
        }
        currentTemplateId = template.templateId;
        final int recordLength = template.fixedLength;
        if (recordLength > 0)
        {
            // the set is within the datagram, so its length alone says how many records it holds; what is left
            // over is padding
            final int count = (end - first) / recordLength;
            int base = first;
            for (int i = 0; i < count; i++, base += recordLength)
            {
                datagramRecords += records.fixedLengthRecord(template, base);
            }
            return;
        }
        int offset = first;
        while (end - offset >= minLength)
        {
            final int next = records.variableLengthRecord(template, offset, end);
            if (next < 0)
            {
                malformed = true;
                return;
            }
            datagramRecords += records.finish(template);
            offset = next;
        }
    }
}
