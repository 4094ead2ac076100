package io.fnm.capture.netflow;

import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.internal.FieldAction;
import io.fnm.capture.netflow.internal.FlowSetHeader;
import io.fnm.capture.netflow.internal.IpfixHeader;
import io.fnm.capture.netflow.internal.NetflowV5Header;
import io.fnm.capture.netflow.internal.NetflowV5Record;
import io.fnm.capture.netflow.internal.NetflowV9Header;
import io.fnm.capture.netflow.internal.PacketSection;
import io.fnm.capture.packet.LinkType;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

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

    private static final int MAX_FIELDS = 65536 / 4;
    private static final int MAX_SETS = 65536 / 4;
    private static final long EXPIRY_CHECK_MILLIS = 1000;
    private static final long NTP_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

    private final NetflowSettings settings;
    private final Clock clock;
    private final TemplateCache templates;
    private final Map<InetAddress, ExporterState> exporters = new ConcurrentHashMap<>();
    private final AtomicLongArray counters = new AtomicLongArray(NetflowCounter.values().length);
    private final TrafficRecord record = new TrafficRecord();
    private final int[] actionScratch = new int[MAX_FIELDS];
    private final int[] lengthScratch = new int[MAX_FIELDS];
    private final int[] deferredSets = new int[MAX_SETS];
    private final PacketSection packetSection;
    private InetAddress lastAddress;
    private ExporterState lastExporter;
    private long nextExpiryCheckMillis;

    // per-datagram context
    private ByteBuffer buffer;
    private ExporterState exporter;
    private TrafficSink sink;
    private int version;
    private long domainId;
    private long exportMillis;
    private long sysUptimeMillis;
    private boolean malformed;
    private int datagramRecords;
    private int datagramUnknown;
    private int currentTemplateId;

    // per-record scratch
    private long bytes;
    private long packets;
    private long permanentBytes;
    private long permanentPackets;
    private boolean hasBytes;
    private boolean hasPackets;
    private boolean hasPermanentBytes;
    private boolean hasPermanentPackets;
    private long initiatorOctets;
    private long responderOctets;
    private long initiatorPackets;
    private long responderPackets;
    private boolean hasBidirectional;
    private boolean hasNatEvent;
    private boolean hasSrcIpv4;
    private boolean hasDstIpv4;
    private boolean hasIpv6;
    private int srcIpv4;
    private int dstIpv4;
    private long srcIpv6High;
    private long srcIpv6Low;
    private long dstIpv6High;
    private long dstIpv6Low;
    private int srcPort;
    private int dstPort;
    private int altSrcPort;
    private int altDstPort;
    private boolean rareDirty = true;
    private int protocol;
    private int tcpFlags;
    private long inputInterface;
    private long outputInterface;
    private long srcAs;
    private long dstAs;
    private int vlan;
    private int innerVlan;
    private long startMillis;
    private long endMillis;
    private int icmpTypeCode;
    private boolean hasIcmpTypeCode;
    private int forwardingStatus;
    private long samplingInterval;
    private long samplerId;
    private boolean hasSamplerId;
    private boolean samplerIsSelector;
    private long selectorAlgorithm;
    private long samplingPacketInterval;
    private long samplingPacketSpace;
    private long samplingSize;
    private long samplingPopulation;
    private long packetsObserved;
    private long packetsSelected;
    private int packetSectionOffset;
    private int packetSectionLength;
    private LinkType packetSectionLinkType;

    /**
     * @param settings limits, timeouts and the fallback sampling rate.
     * @param clock    time for template expiry.
     */
    public NetflowDecoder(final NetflowSettings settings, final Clock clock)
    {
        this.settings = settings;
        this.clock = clock;
        this.templates = new TemplateCache(
            settings.maxTemplatesPerExporter(), settings.maxTemplatesTotal(),
            settings.templateTimeoutSeconds() * 1000L);
        this.packetSection = new PacketSection(settings.parserOptions());
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
        sink = trafficSink;
        exporter = exporter(exporterAddress, now);
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
                    decodeV5(start, end);
                    break;
                case VERSION_9:
                    decodeV9(start, end, now);
                    break;
                case VERSION_IPFIX:
                    decodeIpfix(start, end, now);
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
        sink = null;
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
        return counters.get(counter.ordinal());
    }

    /**
     * @return templates held now.
     */
    public int templateCount()
    {
        return templates.size();
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
        for (final ExporterStats stats : exporterStats())
        {
            stats.counters(visitor);
        }
    }

    private void add(final NetflowCounter counter, final long delta)
    {
        if (delta != 0)
        {
            final int index = counter.ordinal();
            counters.lazySet(index, counters.get(index) + delta);
        }
    }

    private ExporterState exporter(final InetAddress address, final long now)
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
                if (exporters.size() >= settings.maxExporters())
                {
                    evictLeastRecentExporter();
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

    private void evictLeastRecentExporter()
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
            add(NetflowCounter.EXPORTERS_EVICTED, 1);
            if (victim == lastExporter)
            {
                lastExporter = null;
                lastAddress = null;
            }
        }
    }

    // ---------------------------------------------------------------- v5

    private void decodeV5(final int start, final int end)
    {
        if (end - start < NetflowV5Header.LENGTH)
        {
            malformed = true;
            return;
        }
        final int count = NetflowV5Header.count(buffer, start);
        if (count < 1 || count > NetflowV5Header.MAX_COUNT ||
            end - start < NetflowV5Header.LENGTH + count * NetflowV5Record.LENGTH)
        {
            malformed = true;
            return;
        }
        final long uptime = NetflowV5Header.sysUptimeMillis(buffer, start);
        final long exportTime = NetflowV5Header.exportMillis(buffer, start);
        final int sampling = NetflowV5Header.samplingInterval(buffer, start);
        // reported, but not kept as the v9/IPFIX rate of the exporter: a v5 header says nothing about other versions
        exporter.set(ExporterState.SAMPLING_RATE, sampling);
        currentTemplateId = 0;
        domainId = 0;
        final ByteBuffer b = buffer;
        final TrafficRecord r = record;
        int offset = start + NetflowV5Header.LENGTH;
        for (int i = 0; i < count; i++, offset += NetflowV5Record.LENGTH)
        {
            r.reset();
            r.ipv4(
                b.getInt(offset + NetflowV5Record.SRC_ADDR_OFFSET), b.getInt(offset + NetflowV5Record.DST_ADDR_OFFSET));
            final int proto = b.get(offset + NetflowV5Record.PROTOCOL_OFFSET) & 0xFF;
            final int sport = b.getShort(offset + NetflowV5Record.SRC_PORT_OFFSET) & 0xFFFF;
            final int dport = b.getShort(offset + NetflowV5Record.DST_PORT_OFFSET) & 0xFFFF;
            r.protocol(proto);
            if (proto == TrafficRecord.PROTOCOL_ICMP)
            {
                r.icmp(dport >>> 8, dport & 0xFF).ports(0, 0);
            }
            else
            {
                r.ports(sport, dport);
            }
            r.tcpFlags(b.get(offset + NetflowV5Record.TCP_FLAGS_OFFSET) & 0xFF)
                .packets(b.getInt(offset + NetflowV5Record.PACKETS_OFFSET) & 0xFFFF_FFFFL)
                .bytes(b.getInt(offset + NetflowV5Record.OCTETS_OFFSET) & 0xFFFF_FFFFL)
                .interfaces(
                    b.getShort(offset + NetflowV5Record.INPUT_OFFSET) & 0xFFFF,
                    b.getShort(offset + NetflowV5Record.OUTPUT_OFFSET) & 0xFFFF)
                .asns(
                    b.getShort(offset + NetflowV5Record.SRC_AS_OFFSET) & 0xFFFF,
                    b.getShort(offset + NetflowV5Record.DST_AS_OFFSET) & 0xFFFF)
                .flowTimes(
                    uptimeToEpoch(b.getInt(offset + NetflowV5Record.FIRST_OFFSET) & 0xFFFF_FFFFL, uptime, exportTime),
                    uptimeToEpoch(b.getInt(offset + NetflowV5Record.LAST_OFFSET) & 0xFFFF_FFFFL, uptime, exportTime))
                .samplingRatio(sampling)
                .timestampMillis(exportTime);
            setAgent(r);
            sink.accept(r);
            datagramRecords++;
        }
    }

    private static long uptimeToEpoch(final long switched, final long uptime, final long exportTime)
    {
        return exportTime - ((uptime - switched) & 0xFFFF_FFFFL);
    }

    private void setAgent(final TrafficRecord r)
    {
        final ExporterState state = exporter;
        if (state.agentIsIpv4)
        {
            r.agentIpv4(state.agentIpv4);
        }
        else
        {
            r.agentIpv6(state.agentIpv6High, state.agentIpv6Low);
        }
    }

    // ---------------------------------------------------------------- v9

    private void decodeV9(final int start, final int end, final long now)
    {
        if (end - start < NetflowV9Header.LENGTH)
        {
            malformed = true;
            return;
        }
        sysUptimeMillis = buffer.getInt(start + NetflowV9Header.SYS_UPTIME_OFFSET) & 0xFFFF_FFFFL;
        exportMillis = (buffer.getInt(start + NetflowV9Header.UNIX_SECS_OFFSET) & 0xFFFF_FFFFL) * 1000L;
        domainId = buffer.getInt(start + NetflowV9Header.SOURCE_ID_OFFSET) & 0xFFFF_FFFFL;
        decodeSets(start + NetflowV9Header.LENGTH, end, end, now, false);
    }

    private void decodeIpfix(final int start, final int end, final long now)
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
        sysUptimeMillis = 0;
        exportMillis = (buffer.getInt(start + IpfixHeader.EXPORT_TIME_OFFSET) & 0xFFFF_FFFFL) * 1000L;
        domainId = buffer.getInt(start + IpfixHeader.OBSERVATION_DOMAIN_OFFSET) & 0xFFFF_FFFFL;
        // sets must start within the message length; one that overruns it but fits the datagram is still read
        // (an exporter bug seen in telegraf#14370)
        decodeSets(start + IpfixHeader.LENGTH, start + length, end, now, true);
    }

    private void decodeSets(
        final int first, final int end, final int datagramEnd, final long now, final boolean ipfix)
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
            if (setId == templateSetId)
            {
                if (ipfix)
                {
                    ipfixTemplates(offset + FlowSetHeader.LENGTH, setEnd, now, false);
                }
                else
                {
                    v9Templates(offset + FlowSetHeader.LENGTH, setEnd, now);
                }
            }
            else if (setId == optionsSetId)
            {
                if (ipfix)
                {
                    ipfixTemplates(offset + FlowSetHeader.LENGTH, setEnd, now, true);
                }
                else
                {
                    v9OptionsTemplates(offset + FlowSetHeader.LENGTH, setEnd, now);
                }
            }
            else if (setId >= FlowSetHeader.MIN_DATA_SET_ID)
            {
                final Template template = templates.find(exporter, domainId, setId);
                if (template != null)
                {
                    dataSet(template, offset + FlowSetHeader.LENGTH, setEnd);
                }
                else if (deferred < MAX_SETS)
                {
                    deferredSets[deferred++] = offset;
                }
            }
            offset = setEnd;
        }
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

    private void v9Templates(final int first, final int end, final long now)
    {
        int offset = first;
        while (end - offset >= 4)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int fieldCount = buffer.getShort(offset + 2) & 0xFFFF;
            if (templateId == 0 && fieldCount == 0)
            {
                return;
            }
            final int specLength = fieldCount * 4;
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID || fieldCount == 0 || specLength > end - offset - 4)
            {
                malformed = true;
                return;
            }
            final int spec = offset + 4;
            for (int i = 0; i < fieldCount; i++)
            {
                final int type = buffer.getShort(spec + i * 4) & 0xFFFF;
                actionScratch[i] = FieldAction.of(type, false);
                lengthScratch[i] = buffer.getShort(spec + i * 4 + 2) & 0xFFFF;
            }
            learn(templateId, false, spec, specLength, fieldCount, now);
            offset = spec + specLength;
        }
    }

    private void v9OptionsTemplates(final int first, final int end, final long now)
    {
        int offset = first;
        while (end - offset >= 6)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int scopeLength = buffer.getShort(offset + 2) & 0xFFFF;
            final int optionLength = buffer.getShort(offset + 4) & 0xFFFF;
            if (templateId == 0)
            {
                return;
            }
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID || (scopeLength & 3) != 0 || (optionLength & 3) != 0 ||
                scopeLength + optionLength == 0 || scopeLength + optionLength > end - offset - 6)
            {
                malformed = true;
                return;
            }
            final int spec = offset + 6;
            final int scopeCount = scopeLength / 4;
            final int fieldCount = scopeCount + optionLength / 4;
            for (int i = 0; i < fieldCount; i++)
            {
                final int type = buffer.getShort(spec + i * 4) & 0xFFFF;
                // v9 scope types (system, interface, line card, cache, template) are not information elements
                actionScratch[i] = i < scopeCount ? FieldAction.SKIP : FieldAction.of(type, false);
                lengthScratch[i] = buffer.getShort(spec + i * 4 + 2) & 0xFFFF;
            }
            learn(templateId, true, offset + 2, 4 + scopeLength + optionLength, fieldCount, now);
            offset = spec + scopeLength + optionLength;
        }
    }

    private void ipfixTemplates(final int first, final int end, final long now, final boolean options)
    {
        int offset = first;
        while (end - offset >= 4)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int fieldCount = buffer.getShort(offset + 2) & 0xFFFF;
            if (templateId == 0 && fieldCount == 0)
            {
                return;
            }
            if (fieldCount == 0)
            {
                final int setId = options ? IpfixHeader.OPTIONS_TEMPLATE_SET_ID : IpfixHeader.TEMPLATE_SET_ID;
                if (templateId == setId)
                {
                    final long before = templates.withdrawals();
                    templates.withdrawAll(exporter, domainId, options);
                    add(NetflowCounter.TEMPLATES_WITHDRAWN, templates.withdrawals() - before);
                }
                else if (templateId >= FlowSetHeader.MIN_DATA_SET_ID)
                {
                    final long before = templates.withdrawals();
                    templates.withdraw(exporter, domainId, templateId);
                    add(NetflowCounter.TEMPLATES_WITHDRAWN, templates.withdrawals() - before);
                }
                else
                {
                    malformed = true;
                    return;
                }
                offset += 4;
                continue;
            }
            int spec = offset + 4;
            int scopeCount = 0;
            if (options)
            {
                if (end - offset < 6)
                {
                    malformed = true;
                    return;
                }
                scopeCount = buffer.getShort(offset + 4) & 0xFFFF;
                spec = offset + 6;
                if (scopeCount == 0 || scopeCount > fieldCount)
                {
                    malformed = true;
                    return;
                }
            }
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID)
            {
                malformed = true;
                return;
            }
            int position = spec;
            for (int i = 0; i < fieldCount; i++)
            {
                if (end - position < 4)
                {
                    malformed = true;
                    return;
                }
                final int type = buffer.getShort(position) & 0xFFFF;
                lengthScratch[i] = buffer.getShort(position + 2) & 0xFFFF;
                position += 4;
                final boolean enterprise = (type & 0x8000) != 0;
                if (enterprise)
                {
                    if (end - position < 4)
                    {
                        malformed = true;
                        return;
                    }
                    position += 4;
                }
                actionScratch[i] = FieldAction.of(type & 0x7FFF, enterprise);
            }
            learn(templateId, options, offset + 2, position - offset - 2, fieldCount, now);
            offset = position;
        }
    }

    private void learn(
        final int templateId, final boolean options, final int specOffset, final int specLength, final int fieldCount,
        final long now)
    {
        final long updatesBefore = templates.updates();
        final long evictionsBefore = templates.evictions();
        final Template existing = templates.find(exporter, domainId, templateId);
        final Template learned = templates.put(
            exporter, domainId, templateId, options, buffer, specOffset, specLength,
            actionScratch, lengthScratch, fieldCount, now);
        if (learned != existing)
        {
            add(NetflowCounter.TEMPLATES_LEARNED, 1);
        }
        add(NetflowCounter.TEMPLATE_UPDATES, templates.updates() - updatesBefore);
        add(NetflowCounter.TEMPLATES_EVICTED, templates.evictions() - evictionsBefore);
    }

    // ---------------------------------------------------------------- data

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
        if (template.fixedLength > 0)
        {
            // the set is within the datagram, so its length alone says how many records it holds; what is left
            // over is padding
            fixedLengthRecords(template, first, (end - first) / template.fixedLength);
            return;
        }
        int offset = first;
        while (end - offset >= minLength)
        {
            final int next = dataRecord(template, offset, end);
            if (next < 0)
            {
                malformed = true;
                return;
            }
            offset = next;
        }
    }

    private void fixedLengthRecords(final Template template, final int first, final int count)
    {
        final ByteBuffer b = buffer;
        final int[] program = template.program;
        final int programLength = program.length;
        final int recordLength = template.fixedLength;
        final boolean options = template.options;
        int base = first;
        for (int i = 0; i < count; i++, base += recordLength)
        {
            clearScratch();
            for (int k = 0; k < programLength; k += Template.PROGRAM_STRIDE)
            {
                final int op = program[k];
                final int offset = base + program[k + 1];
                switch (op)
                {
                    case Template.OP_BYTES_4:
                        bytes = b.getInt(offset) & 0xFFFF_FFFFL;
                        hasBytes = true;
                        break;
                    case Template.OP_BYTES_8:
                        bytes = b.getLong(offset);
                        hasBytes = true;
                        break;
                    case Template.OP_PACKETS_4:
                        packets = b.getInt(offset) & 0xFFFF_FFFFL;
                        hasPackets = true;
                        break;
                    case Template.OP_PACKETS_8:
                        packets = b.getLong(offset);
                        hasPackets = true;
                        break;
                    case Template.OP_PROTOCOL_1:
                        protocol = b.get(offset) & 0xFF;
                        break;
                    case Template.OP_TCP_FLAGS_1:
                        tcpFlags = b.get(offset) & 0xFF;
                        break;
                    case Template.OP_SRC_PORT_2:
                        srcPort = b.getShort(offset) & 0xFFFF;
                        break;
                    case Template.OP_DST_PORT_2:
                        dstPort = b.getShort(offset) & 0xFFFF;
                        break;
                    case Template.OP_SRC_IPV4:
                        srcIpv4 = b.getInt(offset);
                        hasSrcIpv4 = true;
                        break;
                    case Template.OP_DST_IPV4:
                        dstIpv4 = b.getInt(offset);
                        hasDstIpv4 = true;
                        break;
                    case Template.OP_SRC_IPV6:
                        srcIpv6High = b.getLong(offset);
                        srcIpv6Low = b.getLong(offset + 8);
                        hasIpv6 = true;
                        break;
                    case Template.OP_DST_IPV6:
                        dstIpv6High = b.getLong(offset);
                        dstIpv6Low = b.getLong(offset + 8);
                        hasIpv6 = true;
                        break;
                    case Template.OP_INPUT_INTERFACE_2:
                        inputInterface = b.getShort(offset) & 0xFFFFL;
                        break;
                    case Template.OP_INPUT_INTERFACE_4:
                        inputInterface = b.getInt(offset) & 0xFFFF_FFFFL;
                        break;
                    case Template.OP_OUTPUT_INTERFACE_2:
                        outputInterface = b.getShort(offset) & 0xFFFFL;
                        break;
                    case Template.OP_OUTPUT_INTERFACE_4:
                        outputInterface = b.getInt(offset) & 0xFFFF_FFFFL;
                        break;
                    case Template.OP_SRC_AS_2:
                        srcAs = b.getShort(offset) & 0xFFFFL;
                        break;
                    case Template.OP_SRC_AS_4:
                        srcAs = b.getInt(offset) & 0xFFFF_FFFFL;
                        break;
                    case Template.OP_DST_AS_2:
                        dstAs = b.getShort(offset) & 0xFFFFL;
                        break;
                    case Template.OP_DST_AS_4:
                        dstAs = b.getInt(offset) & 0xFFFF_FFFFL;
                        break;
                    case Template.OP_FIRST_SWITCHED_4:
                        if (sysUptimeMillis != 0)
                        {
                            startMillis = uptimeToEpoch(b.getInt(offset) & 0xFFFF_FFFFL, sysUptimeMillis, exportMillis);
                        }
                        break;
                    case Template.OP_LAST_SWITCHED_4:
                        if (sysUptimeMillis != 0)
                        {
                            endMillis = uptimeToEpoch(b.getInt(offset) & 0xFFFF_FFFFL, sysUptimeMillis, exportMillis);
                        }
                        break;
                    default:
                        field(op - Template.OP_GENERIC, b, offset, program[k + 2]);
                        break;
                }
            }
            if (options)
            {
                optionsRecord();
            }
            else
            {
                emit(template);
            }
        }
    }

    private int dataRecord(final Template template, final int first, final int end)
    {
        clearScratch();
        final ByteBuffer b = buffer;
        final int[] actions = template.actions;
        final int[] lengths = template.lengths;
        int offset = first;
        for (int i = 0, n = template.fieldCount; i < n; i++)
        {
            int length = lengths[i];
            if (length == Template.VARIABLE_LENGTH)
            {
                if (offset >= end)
                {
                    return -1;
                }
                length = b.get(offset++) & 0xFF;
                if (length == 255)
                {
                    if (end - offset < 2)
                    {
                        return -1;
                    }
                    length = b.getShort(offset) & 0xFFFF;
                    offset += 2;
                }
            }
            if (length > end - offset)
            {
                return -1;
            }
            final int action = actions[i];
            // the first occurrence of a repeated element wins (Cisco SRv6 templates repeat 4/7/11 for inner headers):
            // the template compiled the later ones to SKIP
            if (action != FieldAction.SKIP)
            {
                field(action, b, offset, length);
            }
            offset += length;
        }
        if (template.options)
        {
            optionsRecord();
        }
        else
        {
            emit(template);
        }
        return offset;
    }

    private void clearScratch()
    {
        bytes = 0;
        packets = 0;
        hasBytes = false;
        hasPackets = false;
        hasSrcIpv4 = false;
        hasDstIpv4 = false;
        hasIpv6 = false;
        srcIpv4 = 0;
        dstIpv4 = 0;
        srcIpv6High = 0;
        srcIpv6Low = 0;
        dstIpv6High = 0;
        dstIpv6Low = 0;
        srcPort = 0;
        dstPort = 0;
        protocol = 0;
        tcpFlags = 0;
        inputInterface = 0;
        outputInterface = 0;
        srcAs = 0;
        dstAs = 0;
        startMillis = 0;
        endMillis = 0;
        if (rareDirty)
        {
            clearRareScratch();
        }
    }

    /**
     * The scratch only {@link #field} writes: it is at its defaults unless {@link #rareDirty}, so records whose every
     * field took the fast path of {@link #fixedLengthRecords} do not pay for clearing it.
     */
    private void clearRareScratch()
    {
        rareDirty = false;
        altSrcPort = 0;
        altDstPort = 0;
        permanentBytes = 0;
        permanentPackets = 0;
        hasPermanentBytes = false;
        hasPermanentPackets = false;
        initiatorOctets = 0;
        responderOctets = 0;
        initiatorPackets = 0;
        responderPackets = 0;
        hasBidirectional = false;
        hasNatEvent = false;
        vlan = TrafficRecord.NO_VLAN;
        innerVlan = TrafficRecord.NO_VLAN;
        icmpTypeCode = 0;
        hasIcmpTypeCode = false;
        forwardingStatus = TrafficRecord.FORWARDING_UNKNOWN;
        samplingInterval = 0;
        samplerId = 0;
        hasSamplerId = false;
        samplerIsSelector = false;
        selectorAlgorithm = 0;
        samplingPacketInterval = 0;
        samplingPacketSpace = 0;
        samplingSize = 0;
        samplingPopulation = 0;
        packetsObserved = 0;
        packetsSelected = 0;
        packetSectionOffset = -1;
        packetSectionLength = 0;
        packetSectionLinkType = LinkType.ETHERNET;
    }

    private static long unsigned(final ByteBuffer b, final int offset, final int length)
    {
        switch (length)
        {
            case 1:
                return b.get(offset) & 0xFFL;
            case 2:
                return b.getShort(offset) & 0xFFFFL;
            case 4:
                return b.getInt(offset) & 0xFFFF_FFFFL;
            case 8:
                return b.getLong(offset);
            default:
                // reduced-size encodings (3, 5, 6, 7 bytes); longer fields keep their low 8 bytes
                final int from = length > 8 ? offset + length - 8 : offset;
                long value = 0;
                for (int i = from; i < offset + length; i++)
                {
                    value = (value << 8) | (b.get(i) & 0xFF);
                }
                return value;
        }
    }

    private void field(final int action, final ByteBuffer b, final int offset, final int length)
    {
        rareDirty = true;
        switch (action)
        {
            case FieldAction.BYTES:
                bytes = unsigned(b, offset, length);
                hasBytes = true;
                break;
            case FieldAction.PACKETS:
                packets = unsigned(b, offset, length);
                hasPackets = true;
                break;
            case FieldAction.PERMANENT_BYTES:
                permanentBytes = unsigned(b, offset, length);
                hasPermanentBytes = true;
                break;
            case FieldAction.PERMANENT_PACKETS:
                permanentPackets = unsigned(b, offset, length);
                hasPermanentPackets = true;
                break;
            case FieldAction.PROTOCOL:
                protocol = (int)unsigned(b, offset, length) & 0xFF;
                break;
            case FieldAction.TCP_FLAGS:
                tcpFlags = (int)unsigned(b, offset, length) & 0xFF;
                break;
            case FieldAction.SRC_PORT:
                srcPort = (int)unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.DST_PORT:
                dstPort = (int)unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.SRC_PORT_BY_PROTOCOL:
                altSrcPort = (int)unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.DST_PORT_BY_PROTOCOL:
                altDstPort = (int)unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.SRC_IPV4:
                if (length == 4)
                {
                    srcIpv4 = b.getInt(offset);
                    hasSrcIpv4 = true;
                }
                break;
            case FieldAction.DST_IPV4:
                if (length == 4)
                {
                    dstIpv4 = b.getInt(offset);
                    hasDstIpv4 = true;
                }
                break;
            case FieldAction.SRC_IPV6:
                if (length == 16)
                {
                    srcIpv6High = b.getLong(offset);
                    srcIpv6Low = b.getLong(offset + 8);
                    hasIpv6 = true;
                }
                break;
            case FieldAction.DST_IPV6:
                if (length == 16)
                {
                    dstIpv6High = b.getLong(offset);
                    dstIpv6Low = b.getLong(offset + 8);
                    hasIpv6 = true;
                }
                break;
            case FieldAction.INPUT_INTERFACE:
                inputInterface = unsigned(b, offset, length);
                break;
            case FieldAction.OUTPUT_INTERFACE:
                outputInterface = unsigned(b, offset, length);
                break;
            case FieldAction.SRC_AS:
                srcAs = unsigned(b, offset, length);
                break;
            case FieldAction.DST_AS:
                dstAs = unsigned(b, offset, length);
                break;
            case FieldAction.VLAN:
                if (vlan == TrafficRecord.NO_VLAN && length > 0)
                {
                    vlan = (int)unsigned(b, offset, length) & 0x0FFF;
                }
                break;
            case FieldAction.INNER_VLAN:
                if (length > 0)
                {
                    innerVlan = (int)unsigned(b, offset, length) & 0x0FFF;
                }
                break;
            case FieldAction.FIRST_SWITCHED:
                if (sysUptimeMillis != 0 && length > 0)
                {
                    startMillis = uptimeToEpoch(unsigned(b, offset, length), sysUptimeMillis, exportMillis);
                }
                break;
            case FieldAction.LAST_SWITCHED:
                if (sysUptimeMillis != 0 && length > 0)
                {
                    endMillis = uptimeToEpoch(unsigned(b, offset, length), sysUptimeMillis, exportMillis);
                }
                break;
            case FieldAction.START_SECONDS:
                startMillis = unsigned(b, offset, length) * 1000L;
                break;
            case FieldAction.END_SECONDS:
                endMillis = unsigned(b, offset, length) * 1000L;
                break;
            case FieldAction.START_MILLIS:
                startMillis = unsigned(b, offset, length);
                break;
            case FieldAction.END_MILLIS:
                endMillis = unsigned(b, offset, length);
                break;
            case FieldAction.START_NTP:
                if (length == 8)
                {
                    startMillis = ntpToEpochMillis(b.getLong(offset));
                }
                break;
            case FieldAction.END_NTP:
                if (length == 8)
                {
                    endMillis = ntpToEpochMillis(b.getLong(offset));
                }
                break;
            case FieldAction.ICMP_TYPE_CODE:
                icmpTypeCode = (int)unsigned(b, offset, length) & 0xFFFF;
                hasIcmpTypeCode = true;
                break;
            case FieldAction.ICMP_TYPE:
                icmpTypeCode = (icmpTypeCode & 0xFF) | (((int)unsigned(b, offset, length) & 0xFF) << 8);
                hasIcmpTypeCode = true;
                break;
            case FieldAction.ICMP_CODE:
                icmpTypeCode = (icmpTypeCode & 0xFF00) | ((int)unsigned(b, offset, length) & 0xFF);
                hasIcmpTypeCode = true;
                break;
            case FieldAction.FORWARDING_STATUS:
                if (length > 0)
                {
                    forwardingStatus = ((int)unsigned(b, offset, length) & 0xFF) >>> 6;
                }
                break;
            case FieldAction.INITIATOR_OCTETS:
                initiatorOctets = unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.RESPONDER_OCTETS:
                responderOctets = unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.INITIATOR_PACKETS:
                initiatorPackets = unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.RESPONDER_PACKETS:
                responderPackets = unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.NAT_EVENT:
                hasNatEvent = true;
                break;
            case FieldAction.SAMPLING_INTERVAL:
            case FieldAction.SAMPLER_RANDOM_INTERVAL:
                if (samplingInterval == 0)
                {
                    samplingInterval = unsigned(b, offset, length);
                }
                break;
            case FieldAction.SAMPLER_ID:
                if (!hasSamplerId)
                {
                    samplerId = unsigned(b, offset, length);
                    hasSamplerId = true;
                    samplerIsSelector = false;
                }
                break;
            case FieldAction.SELECTOR_ID:
                if (!hasSamplerId)
                {
                    samplerId = unsigned(b, offset, length);
                    hasSamplerId = true;
                    samplerIsSelector = true;
                }
                break;
            case FieldAction.SELECTOR_ALGORITHM:
                selectorAlgorithm = unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_PACKET_INTERVAL:
                samplingPacketInterval = unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_PACKET_SPACE:
                samplingPacketSpace = unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_SIZE:
                samplingSize = unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_POPULATION:
                samplingPopulation = unsigned(b, offset, length);
                break;
            case FieldAction.PACKET_SECTION:
                packetSection(offset, length, LinkType.ETHERNET);
                break;
            case FieldAction.IP_PACKET_SECTION:
                packetSection(offset, length, LinkType.IP);
                break;
            case FieldAction.PACKETS_OBSERVED:
                packetsObserved = unsigned(b, offset, length);
                break;
            case FieldAction.PACKETS_SELECTED:
                packetsSelected = unsigned(b, offset, length);
                break;
            default:
                break;
        }
    }

    private void packetSection(final int offset, final int length, final LinkType linkType)
    {
        // a record with both an Ethernet and an IP section: the first one in the template wins
        if (packetSectionOffset < 0)
        {
            packetSectionOffset = offset;
            packetSectionLength = length;
            packetSectionLinkType = linkType;
        }
    }

    private static long ntpToEpochMillis(final long ntp)
    {
        final long seconds = (ntp >>> 32) - NTP_EPOCH_OFFSET_SECONDS;
        final long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1000L + ((fraction * 1000L) >>> 32);
    }

    private long announcedRate()
    {
        if (samplingInterval > 0)
        {
            return samplingInterval;
        }
        if (samplingPacketInterval > 0)
        {
            if (selectorAlgorithm == 1 || samplingPacketSpace > 0)
            {
                return (samplingPacketSpace + samplingPacketInterval) / samplingPacketInterval;
            }
            return samplingPacketInterval;
        }
        if (samplingSize > 0 && samplingPopulation > 0)
        {
            return Math.max(1, samplingPopulation / samplingSize);
        }
        if (packetsObserved > 0 && packetsSelected > 0)
        {
            // NetFlow Lite / PSAMP selector statistics: the effective rate, rounded to the nearest integer
            return Math.max(1, (packetsObserved + packetsSelected / 2) / packetsSelected);
        }
        return 0;
    }

    private void optionsRecord()
    {
        add(NetflowCounter.OPTIONS_RECORDS, 1);
        exporter.add(ExporterState.OPTIONS_RECORDS, 1);
        final long rate = announcedRate();
        if (rate <= 0)
        {
            return;
        }
        if (hasSamplerId)
        {
            exporter.samplerRate(ExporterState.samplerKey(domainId, samplerId, samplerIsSelector), rate);
        }
        if (!hasSamplerId || exporter.samplingRate == 0)
        {
            exporter.samplingRate = rate;
            exporter.set(ExporterState.SAMPLING_RATE, rate);
        }
    }

    private long recordSamplingRate()
    {
        if (samplingInterval > 0)
        {
            // Huawei / MikroTik put the rate in every data record: it is the exporter's rate from now on
            if (exporter.samplingRate != samplingInterval)
            {
                exporter.samplingRate = samplingInterval;
                exporter.set(ExporterState.SAMPLING_RATE, samplingInterval);
            }
            return samplingInterval;
        }
        if (hasSamplerId)
        {
            final long rate = exporter.samplerRate(ExporterState.samplerKey(domainId, samplerId, samplerIsSelector));
            if (rate > 0)
            {
                return rate;
            }
        }
        return exporter.samplingRate > 0 ? exporter.samplingRate : settings.fallbackSamplingRatio();
    }

    private void emit(final Template template)
    {
        final long recordBytes = hasBytes ? bytes : permanentBytes;
        final long recordPackets = hasPackets ? packets : permanentPackets;
        final boolean bidirectional = hasBidirectional && recordBytes == 0 && recordPackets == 0;
        if (hasNatEvent && recordBytes == 0 && recordPackets == 0 &&
            initiatorOctets == 0 && responderOctets == 0 && initiatorPackets == 0 && responderPackets == 0)
        {
            add(NetflowCounter.NAT_EVENTS_SKIPPED, 1);
            return;
        }
        if (srcPort == 0 && dstPort == 0)
        {
            srcPort = altSrcPort;
            dstPort = altDstPort;
        }
        final TrafficRecord r = record;
        r.reset();
        final boolean ipv6 = hasIpv6 &&
            ((srcIpv6High | srcIpv6Low | dstIpv6High | dstIpv6Low) != 0 || !(hasSrcIpv4 || hasDstIpv4));
        if (ipv6)
        {
            r.ipv6(srcIpv6High, srcIpv6Low, dstIpv6High, dstIpv6Low);
        }
        else if (hasSrcIpv4 || hasDstIpv4)
        {
            r.ipv4(srcIpv4, dstIpv4);
        }
        r.protocol(protocol).tcpFlags(tcpFlags);
        final boolean icmp = protocol == TrafficRecord.PROTOCOL_ICMP || protocol == TrafficRecord.PROTOCOL_ICMPV6;
        if (icmp)
        {
            final int typeCode = hasIcmpTypeCode ? icmpTypeCode : dstPort;
            r.icmp(typeCode >>> 8, typeCode & 0xFF).ports(0, 0);
        }
        else
        {
            r.ports(srcPort, dstPort);
        }
        r.interfaces(inputInterface, outputInterface)
            .asns(srcAs, dstAs)
            .vlans(vlan, innerVlan)
            .forwardingStatus(forwardingStatus)
            .flowTimes(startMillis, endMillis)
            .samplingRatio(recordSamplingRate())
            .timestampMillis(exportMillis);
        setAgent(r);
        if (bidirectional)
        {
            r.bytes(initiatorOctets).packets(initiatorPackets);
        }
        else
        {
            r.bytes(recordBytes).packets(recordPackets);
        }
        if (packetSectionOffset >= 0)
        {
            if (packetSection.decode(buffer, packetSectionOffset, packetSectionLength, packetSectionLinkType, r))
            {
                add(NetflowCounter.PACKET_SECTIONS_DECODED, 1);
            }
            else
            {
                add(NetflowCounter.PACKET_SECTIONS_UNPARSED, 1);
            }
        }
        sink.accept(r);
        datagramRecords++;
        if (bidirectional && (responderOctets != 0 || responderPackets != 0))
        {
            if (r.ipVersion() == TrafficRecord.IPV6)
            {
                r.ipv6(dstIpv6High, dstIpv6Low, srcIpv6High, srcIpv6Low);
            }
            else if (r.ipVersion() == TrafficRecord.IPV4)
            {
                r.ipv4(dstIpv4, srcIpv4);
            }
            if (!icmp)
            {
                r.ports(dstPort, srcPort);
            }
            r.interfaces(outputInterface, inputInterface)
                .asns(dstAs, srcAs)
                .bytes(responderOctets)
                .packets(responderPackets);
            sink.accept(r);
            datagramRecords++;
        }
    }
}
