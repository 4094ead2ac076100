package io.fnm.capture.sflow;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.packet.LinkType;
import io.fnm.capture.packet.PacketHeaderParser;
import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParserOptions;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Decodes sFlow v5 (and v4) datagrams into {@link TrafficRecord}s, one per flow sample, without allocating (except
 * the first time an agent or one of its interfaces is seen). One instance per receive thread; not thread-safe,
 * except {@link #agentSnapshots(List)} and {@link #counters(CounterVisitor)} which any thread may call.
 * <p>
 * sFlow v5 (sflow_version_5.txt, XDR, big-endian):
 * <pre>
 * datagram:  version(5) | agent address type (1 IPv4, 2 IPv6) | agent address (4 or 16) | sub agent id |
 *            sequence | uptime ms | sample count | samples
 * sample:    data format (enterprise 20 bits, format 12 bits) | length | body
 *   flow sample (0:1):          sequence | source id | sampling rate | sample pool | drops | input | output |
 *                               record count | flow records          (output: format 2 bits, value 30 bits)
 *   expanded flow sample (0:3): sequence | source id type | source id index | sampling rate | sample pool | drops |
 *                               input format | input value | output format | output value | record count | records
 *   counter sample (0:2):       sequence | source id | record count | counter records
 *   expanded counter (0:4):     sequence | source id type | source id index | record count | counter records
 * record:    data format | length | body
 *   raw packet header (0:1):    header protocol | frame length | stripped | header length | header (padded to 4)
 *   extended switch (0:1001):   src vlan | src priority | dst vlan | dst priority
 *   extended router (0:1002):   next hop (address type + address) | src mask | dst mask
 *   extended gateway (0:1003):  next hop | as | src as | src peer as | dst as path segments | communities | localpref
 *   generic interface counters (0:1, in counter samples): see {@link SflowInterfaceCounters}
 * </pre>
 * Every length and count is checked against what remains; a sample whose length overruns the datagram ends the
 * datagram (counted malformed); a record whose length overruns its sample ends the sample. Unknown samples and
 * records, and any enterprise other than 0, are skipped by their length.
 * <p>
 * Record values: {@code packets} = 1, {@code bytes} = the sampled frame's length on the wire (or its IP length with
 * {@code readPacketLengthFromIpHeader}), {@code samplingRatio} = the sample's sampling rate, the raw 32-bit input
 * and output interface values, {@link TrafficRecord#FORWARDING_DROPPED} when the output format is 1 (discarded),
 * VLANs from the header or else the extended switch record's source VLAN, AS numbers from the extended gateway
 * record (source AS, and the last AS of the destination path).
 */
public final class SflowDecoder
{
    /** Most agents tracked per decoder; further agents are counted together under "other". */
    public static final int MAX_AGENTS = 1024;
    /** Largest sample count accepted in a datagram. */
    public static final int MAX_SAMPLES = 1024;
    /** Most interfaces whose counters one decoder keeps, over every agent (each about 240 bytes). */
    public static final int MAX_INTERFACES_TOTAL = 65_536;
    /** Interfaces whose counters are kept now. */
    public static final CounterDescriptor INTERFACES_TRACKED = CounterDescriptor.gauge("sflow_interfaces_tracked",
        "interfaces", "Interfaces whose last counter record is kept (at most 4096 per agent, 65536 per thread)");

    /** Datagrams handed to the decoder, whatever their agent. */
    public static final CounterDescriptor DATAGRAMS = CounterDescriptor.counter("sflow_decoder_datagrams_total",
        "datagrams", "Datagrams handed to the sFlow decoder, whatever their agent");
    /** Datagrams too short for an sFlow header. */
    public static final CounterDescriptor TOO_SHORT = CounterDescriptor.counter("sflow_too_short_total",
        "datagrams", "Datagrams too short for an sFlow header");
    /** Datagrams of a version other than 4 or 5. */
    public static final CounterDescriptor UNSUPPORTED_VERSION = CounterDescriptor.counter(
        "sflow_unsupported_version_total", "datagrams", "Datagrams of an sFlow version other than 4 or 5");
    /** Datagrams whose agent address type is neither IPv4 nor IPv6. */
    public static final CounterDescriptor BAD_AGENT_ADDRESS = CounterDescriptor.counter(
        "sflow_bad_agent_address_total", "datagrams", "Datagrams whose agent address is neither IPv4 nor IPv6");
    /** Datagrams with at least one malformed sample or record (whatever was whole before it was counted). */
    public static final CounterDescriptor MALFORMED_DATAGRAMS = CounterDescriptor.counter(
        "sflow_malformed_datagrams_total", "datagrams", "Datagrams with at least one malformed sample or record");

    static final int HEADER_PROTOCOL_ETHERNET = 1;
    static final int HEADER_PROTOCOL_IPV4 = 11;
    static final int HEADER_PROTOCOL_IPV6 = 12;

    private final PacketHeaderParser parser;
    private final boolean readPacketLengthFromIpHeader;
    private final TrafficRecord record = new TrafficRecord();
    private final SflowAgentTable agents = new SflowAgentTable();
    private final SflowV4Decoder v4 = new SflowV4Decoder(this);

    private volatile long datagrams;
    private volatile long tooShort;
    private volatile long unsupportedVersion;
    private volatile long badAgentAddress;
    private volatile long malformedDatagrams;

    private ByteBuffer buffer;
    private AgentState agent;
    private TrafficSink sink;
    private int emitted;
    private long arrivalMillis;
    private boolean datagramMalformed;

    // per flow sample scratch
    private boolean haveHeader;
    private long frameLength;
    private int switchVlan;
    private long srcAs;
    private long dstAs;

    /**
     * @param options                      how the raw packet headers are parsed.
     * @param readPacketLengthFromIpHeader count the IP length instead of the frame length
     *                                     ({@code sflow_read_packet_length_from_ip_header}).
     */
    public SflowDecoder(final ParserOptions options, final boolean readPacketLengthFromIpHeader)
    {
        this.parser = new PacketHeaderParser(options);
        this.readPacketLengthFromIpHeader = readPacketLengthFromIpHeader;
    }

    /**
     * A decoder with the default parser options that counts frame lengths.
     */
    public SflowDecoder()
    {
        this(ParserOptions.DEFAULTS, false);
    }

    /**
     * Decode the datagram between the buffer's position and limit (neither is changed).
     *
     * @param datagram the UDP payload.
     * @param target   receives one record per flow sample with a usable header.
     * @return the number of records delivered.
     */
    public int decode(final ByteBuffer datagram, final TrafficSink target)
    {
        return decode(datagram, datagram.position(), datagram.remaining(), target);
    }

    /**
     * Decode one datagram. Never throws for any content.
     *
     * @param datagram the buffer holding the UDP payload; not modified.
     * @param offset   absolute index of the payload's first byte.
     * @param length   payload length.
     * @param target   receives one record per flow sample with a usable header.
     * @return the number of records delivered.
     */
    public int decode(final ByteBuffer datagram, final int offset, final int length, final TrafficSink target)
    {
        return decode(datagram, offset, length, 0, target);
    }

    /**
     * Decode one datagram, stamping its records with their arrival time (sFlow records carry no time of their own).
     * Never throws for any content.
     *
     * @param datagram          the buffer holding the UDP payload; not modified.
     * @param offset            absolute index of the payload's first byte.
     * @param length            payload length.
     * @param arrivalEpochMillis the records' {@link TrafficRecord#timestampMillis()}, 0 for none.
     * @param target            receives one record per flow sample with a usable header.
     * @return the number of records delivered.
     */
    public int decode(final ByteBuffer datagram, final int offset, final int length, final long arrivalEpochMillis,
        final TrafficSink target)
    {
        datagrams++;
        if (offset < 0 || length < 0 || offset > datagram.limit() - length)
        {
            tooShort++;
            return 0;
        }
        buffer = datagram;
        sink = target;
        emitted = 0;
        arrivalMillis = arrivalEpochMillis;
        datagramMalformed = false;
        try
        {
            final int end = offset + length;
            if (length < 8)
            {
                tooShort++;
                return 0;
            }
            final long version = u32(offset);
            if (version == 5)
            {
                decodeV5(offset, end);
            }
            else if (version == 4)
            {
                v4.decode(datagram, offset, end);
            }
            else
            {
                unsupportedVersion++;
            }
            return emitted;
        }
        finally
        {
            if (datagramMalformed)
            {
                malformedDatagrams++;
            }
            buffer = null;
            sink = null;
            agent = null;
        }
    }

    /**
     * Add a snapshot of every agent this decoder has seen.
     *
     * @param into receives the snapshots.
     */
    public void agentSnapshots(final List<SflowAgentStats> into)
    {
        agents.snapshots(into, true);
    }

    /**
     * Add a snapshot of every agent's counters, without copying its interface counters (the metrics scrape).
     *
     * @param into receives the snapshots.
     */
    void agentCounterSnapshots(final List<SflowAgentStats> into)
    {
        agents.snapshots(into, false);
    }

    /**
     * Report the decoder-wide counters: {@code sflow_decoder_datagrams_total}, {@code sflow_too_short_total},
     * {@code sflow_unsupported_version_total}, {@code sflow_bad_agent_address_total},
     * {@code sflow_malformed_datagrams_total}, {@code sflow_interfaces_tracked}, and the header parser's.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter(DATAGRAMS, datagrams);
        visitor.counter(TOO_SHORT, tooShort);
        visitor.counter(UNSUPPORTED_VERSION, unsupportedVersion);
        visitor.counter(BAD_AGENT_ADDRESS, badAgentAddress);
        visitor.counter(MALFORMED_DATAGRAMS, malformedDatagrams);
        visitor.counter(INTERFACES_TRACKED, agents.interfacesTracked());
        parser.counters(visitor);
    }

    /**
     * @return datagrams handed to this decoder.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return datagrams shorter than any sFlow header.
     */
    public long tooShort()
    {
        return tooShort;
    }

    /**
     * @return datagrams whose version is neither 4 nor 5.
     */
    public long unsupportedVersion()
    {
        return unsupportedVersion;
    }

    /**
     * @return datagrams with an agent address type other than 1 or 2, or cut inside the header.
     */
    public long badAgentAddress()
    {
        return badAgentAddress;
    }

    /**
     * @return datagrams with at least one malformed sample or record (what came before the damage was delivered).
     */
    public long malformedDatagrams()
    {
        return malformedDatagrams;
    }

    /**
     * @return the header parser, for its counters.
     */
    public PacketHeaderParser parser()
    {
        return parser;
    }

    /**
     * Reads the agent address at {@code position + 4} and makes its agent the current one.
     *
     * @return the offset after it, or -1.
     */
    int agentAddress(final int position, final int end)
    {
        if (end - position < 8)
        {
            badAgentAddress++;
            return -1;
        }
        final long type = u32(position + 4);
        if (type == 1 && end - position >= 12)
        {
            agent = agents.lookup(4, s32(position + 8), 0, 0);
            return position + 12;
        }
        if (type == 2 && end - position >= 24)
        {
            agent = agents.lookup(6, 0, s64(position + 8), s64(position + 16));
            return position + 24;
        }
        badAgentAddress++;
        return -1;
    }

    private void decodeV5(final int offset, final int end)
    {
        int position = agentAddress(offset, end);
        if (position < 0)
        {
            return;
        }
        agent.counters[AgentState.DATAGRAMS]++;
        if (end - position < 16)
        {
            malformed();
            return;
        }
        final long samples = u32(position + 12);
        position += 16;
        if (samples > MAX_SAMPLES || samples * 8 > end - position)
        {
            malformed();
            return;
        }
        for (long i = 0; i < samples; i++)
        {
            if (end - position < 8)
            {
                malformed();
                return;
            }
            final long format = u32(position);
            final long length = u32(position + 4);
            final int body = position + 8;
            if (length > end - body)
            {
                malformed();
                return;
            }
            final int bodyEnd = body + (int)length;
            if ((format >>> 12) != 0)
            {
                agent.counters[AgentState.UNKNOWN_SAMPLES]++;
            }
            else
            {
                switch ((int)(format & 0xFFF))
                {
                    case 1:
                        flowSample(body, bodyEnd, false);
                        break;
                    case 3:
                        flowSample(body, bodyEnd, true);
                        break;
                    case 2:
                    case 4:
                        if (!SflowCounterSamples.counterSample(buffer, agent, body, bodyEnd, format == 4))
                        {
                            malformed();
                        }
                        break;
                    default:
                        agent.counters[AgentState.UNKNOWN_SAMPLES]++;
                        break;
                }
            }
            position = bodyEnd;
        }
    }

    private void flowSample(final int body, final int end, final boolean expanded)
    {
        agent.counters[AgentState.FLOW_SAMPLES]++;
        final int headerLength = expanded ? 44 : 32;
        if (end - body < headerLength)
        {
            malformed();
            return;
        }
        final long samplingRate;
        final long input;
        final long output;
        final boolean discarded;
        if (expanded)
        {
            samplingRate = u32(body + 12);
            input = u32(body + 28);
            discarded = u32(body + 32) == 1;
            output = u32(body + 36);
        }
        else
        {
            samplingRate = u32(body + 8);
            input = u32(body + 20);
            output = u32(body + 24);
            discarded = (output >>> 30) == 1;
        }
        final long records = u32(body + headerLength - 4);
        agent.samplingRate(samplingRate);
        if (discarded)
        {
            agent.counters[AgentState.DISCARDED]++;
        }
        int position = body + headerLength;
        if (records * 8 > end - position)
        {
            malformed();
            return;
        }
        beginFlowSample();
        for (long i = 0; i < records; i++)
        {
            if (end - position < 8)
            {
                malformed();
                return;
            }
            final long format = u32(position);
            final long length = u32(position + 4);
            final int recordBody = position + 8;
            if (length > end - recordBody)
            {
                malformed();
                return;
            }
            final int recordEnd = recordBody + (int)length;
            if ((format >>> 12) != 0)
            {
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
            }
            else if (!flowRecord((int)(format & 0xFFF), recordBody, recordEnd))
            {
                malformed();
                return;
            }
            position = recordEnd;
        }
        emit(samplingRate, input, output, discarded);
    }

    /**
     * Start assembling a flow sample's record: no header, VLAN or AS numbers yet.
     */
    void beginFlowSample()
    {
        record.reset();
        haveHeader = false;
        switchVlan = TrafficRecord.NO_VLAN;
        srcAs = 0;
        dstAs = 0;
    }

    /**
     * Deliver the flow sample's record if a header was parsed, else count the sample as without header.
     */
    void emit(final long samplingRate, final long input, final long output, final boolean discarded)
    {
        if (!haveHeader)
        {
            agent.counters[AgentState.SAMPLES_WITHOUT_HEADER]++;
            return;
        }
        record.packets(1)
            .bytes(readPacketLengthFromIpHeader && record.ipLength() > 0 ? record.ipLength() : frameLength)
            .samplingRatio(samplingRate)
            .interfaces(input, output);
        if (discarded)
        {
            record.forwardingStatus(TrafficRecord.FORWARDING_DROPPED);
        }
        if (record.vlan() == TrafficRecord.NO_VLAN && switchVlan != TrafficRecord.NO_VLAN)
        {
            record.vlans(switchVlan, TrafficRecord.NO_VLAN);
        }
        if (srcAs != 0 || dstAs != 0)
        {
            record.asns(srcAs, dstAs);
        }
        if (agent.ipVersion == 4)
        {
            record.agentIpv4(agent.ipv4);
        }
        else if (agent.ipVersion == 6)
        {
            record.agentIpv6(agent.ipv6High, agent.ipv6Low);
        }
        record.timestampMillis(arrivalMillis);
        agent.counters[AgentState.RECORDS]++;
        emitted++;
        sink.accept(record);
    }

    /**
     * @return false when the record is malformed (ends the sample).
     */
    private boolean flowRecord(final int format, final int body, final int end)
    {
        switch (format)
        {
            case 1:
                return rawPacketHeader(body, end);
            case 1001:
                if (end - body < 16)
                {
                    return false;
                }
                switchVlan(u32(body));
                return true;
            case 1002:
                return end - body >= 8;
            case 1003:
                return gateway(body, end);
            default:
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
                return true;
        }
    }

    private boolean rawPacketHeader(final int body, final int end)
    {
        if (end - body < 16)
        {
            return false;
        }
        final long protocol = u32(body);
        final long wireLength = u32(body + 4);
        final long headerLength = u32(body + 12);
        if (headerLength > end - body - 16)
        {
            return false;
        }
        if (haveHeader)
        {
            return true;
        }
        header(protocol, wireLength, body + 16, (int)headerLength);
        return true;
    }

    /**
     * Parse a sampled header into the record, counting an unsupported header protocol or a parse failure.
     *
     * @param protocol     the sFlow header protocol.
     * @param wireLength   the frame's length on the wire.
     * @param offset       where the header bytes start.
     * @param headerLength how many header bytes were sampled.
     */
    void header(final long protocol, final long wireLength, final int offset, final int headerLength)
    {
        final LinkType linkType;
        if (protocol == HEADER_PROTOCOL_ETHERNET)
        {
            linkType = LinkType.ETHERNET;
        }
        else if (protocol == HEADER_PROTOCOL_IPV4)
        {
            linkType = LinkType.IPV4;
        }
        else if (protocol == HEADER_PROTOCOL_IPV6)
        {
            linkType = LinkType.IPV6;
        }
        else
        {
            agent.counters[AgentState.UNSUPPORTED_HEADER_PROTOCOL]++;
            return;
        }
        if (parser.parse(buffer, offset, headerLength, linkType, record) == ParseResult.OK)
        {
            haveHeader = true;
            frameLength = wireLength;
        }
        else
        {
            agent.counters[AgentState.HEADER_PARSE_FAILURES]++;
        }
    }

    /**
     * @param vlan the extended switch record's source VLAN; kept when it is a valid VLAN id.
     */
    void switchVlan(final long vlan)
    {
        if (vlan > 0 && vlan < 4095)
        {
            switchVlan = (int)vlan;
        }
    }

    /**
     * @param source      the source AS.
     * @param destination the destination AS (the last of the path).
     */
    void asns(final long source, final long destination)
    {
        srcAs = source;
        dstAs = destination;
    }

    /*
     * extended_gateway: next_hop address | as | src_as | src_peer_as | dst_as_path<> of
     * { type (1 set, 2 sequence) | as<> } | communities<> | localpref.
     */
    private boolean gateway(final int body, final int end)
    {
        if (end - body < 4)
        {
            return false;
        }
        final long type = u32(body);
        final int addressLength = type == 1 ? 4 : type == 2 ? 16 : -1;
        if (addressLength < 0)
        {
            return false;
        }
        int position = body + 4 + addressLength;
        if (end - position < 16)
        {
            return false;
        }
        final long source = u32(position + 4);
        final long segments = u32(position + 12);
        position += 16;
        long lastAs = 0;
        for (long i = 0; i < segments; i++)
        {
            if (end - position < 8)
            {
                return false;
            }
            final long count = u32(position + 4);
            position += 8;
            if (count * 4 > end - position)
            {
                return false;
            }
            if (count > 0)
            {
                lastAs = u32(position + (int)(count - 1) * 4);
            }
            position += (int)count * 4;
        }
        asns(source, lastAs);
        return true;
    }

    /**
     * Count the current agent's datagram as malformed.
     *
     * @return -1.
     */
    int malformed()
    {
        datagramMalformed = true;
        agent.counters[AgentState.MALFORMED]++;
        return -1;
    }

    /**
     * @return the agent of the datagram being decoded.
     */
    AgentState agent()
    {
        return agent;
    }

    private long u32(final int index)
    {
        return Xdr.u32(buffer, index);
    }

    private int s32(final int index)
    {
        return Xdr.s32(buffer, index);
    }

    private long s64(final int index)
    {
        return Xdr.s64(buffer, index);
    }
}
