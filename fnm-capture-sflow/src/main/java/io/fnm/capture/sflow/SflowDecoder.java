package io.fnm.capture.sflow;

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

    static final int HEADER_PROTOCOL_ETHERNET = 1;
    static final int HEADER_PROTOCOL_IPV4 = 11;
    static final int HEADER_PROTOCOL_IPV6 = 12;

    private static final int TABLE_SIZE = MAX_AGENTS * 2;

    private final PacketHeaderParser parser;
    private final boolean readPacketLengthFromIpHeader;
    private final TrafficRecord record = new TrafficRecord();
    private final AgentState[] table = new AgentState[TABLE_SIZE];
    private final AgentState[] agents = new AgentState[MAX_AGENTS];
    private final AgentState otherAgents = new AgentState(0, 0, 0, 0);
    private volatile int agentCount;
    private AgentState lastAgent;

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
                decodeV4(offset, end);
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
        final int count = agentCount;
        for (int i = 0; i < count; i++)
        {
            into.add(agents[i].snapshot());
        }
        if (otherAgents.counters[AgentState.DATAGRAMS] != 0)
        {
            into.add(otherAgents.snapshot());
        }
    }

    /**
     * Report the decoder-wide counters: {@code sflow_decoder_datagrams_total}, {@code sflow_too_short_total},
     * {@code sflow_unsupported_version_total}, {@code sflow_bad_agent_address_total},
     * {@code sflow_malformed_datagrams_total}, and the header parser's.
     *
     * @param visitor receives each counter.
     */
    public void counters(final CounterVisitor visitor)
    {
        visitor.counter("sflow_decoder_datagrams_total", "", datagrams);
        visitor.counter("sflow_too_short_total", "", tooShort);
        visitor.counter("sflow_unsupported_version_total", "", unsupportedVersion);
        visitor.counter("sflow_bad_agent_address_total", "", badAgentAddress);
        visitor.counter("sflow_malformed_datagrams_total", "", malformedDatagrams);
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
     * Reads the agent address at {@code position + 4}; returns the offset after it, or -1.
     */
    private int agentAddress(final int position, final int end)
    {
        if (end - position < 8)
        {
            badAgentAddress++;
            return -1;
        }
        final long type = u32(position + 4);
        if (type == 1 && end - position >= 12)
        {
            agent = agent(4, s32(position + 8), 0, 0);
            return position + 12;
        }
        if (type == 2 && end - position >= 24)
        {
            agent = agent(6, 0, s64(position + 8), s64(position + 16));
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
                        counterSample(body, bodyEnd, false);
                        break;
                    case 4:
                        counterSample(body, bodyEnd, true);
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
        record.reset();
        haveHeader = false;
        switchVlan = TrafficRecord.NO_VLAN;
        srcAs = 0;
        dstAs = 0;
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

    private void emit(final long samplingRate, final long input, final long output, final boolean discarded)
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
                final long vlan = u32(body);
                if (vlan > 0 && vlan < 4095)
                {
                    switchVlan = (int)vlan;
                }
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
            return true;
        }
        if (parser.parse(buffer, body + 16, (int)headerLength, linkType, record) == ParseResult.OK)
        {
            haveHeader = true;
            frameLength = wireLength;
        }
        else
        {
            agent.counters[AgentState.HEADER_PARSE_FAILURES]++;
        }
        return true;
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
        srcAs = source;
        dstAs = lastAs;
        return true;
    }

    private void counterSample(final int body, final int end, final boolean expanded)
    {
        agent.counters[AgentState.COUNTER_SAMPLES]++;
        final int headerLength = expanded ? 16 : 12;
        if (end - body < headerLength)
        {
            malformed();
            return;
        }
        final long records = u32(body + headerLength - 4);
        int position = body + headerLength;
        if (records * 8 > end - position)
        {
            malformed();
            return;
        }
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
            if (format == 1)
            {
                if (length < 88)
                {
                    malformed();
                    return;
                }
                genericInterfaceCounters(recordBody);
            }
            else if (format != 2)
            {
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
            }
            position = recordBody + (int)length;
        }
    }

    private void genericInterfaceCounters(final int body)
    {
        final SflowInterfaceCounters counters = agent.interfaceCounters(u32(body));
        if (counters == null)
        {
            return;
        }
        final long[] v = counters.values;
        v[SflowInterfaceCounters.IF_INDEX] = u32(body);
        v[SflowInterfaceCounters.IF_TYPE] = u32(body + 4);
        v[SflowInterfaceCounters.IF_SPEED] = s64(body + 8);
        v[SflowInterfaceCounters.IF_DIRECTION] = u32(body + 16);
        v[SflowInterfaceCounters.IF_STATUS] = u32(body + 20);
        v[SflowInterfaceCounters.IN_OCTETS] = s64(body + 24);
        v[SflowInterfaceCounters.IN_UNICAST] = u32(body + 32);
        v[SflowInterfaceCounters.IN_MULTICAST] = u32(body + 36);
        v[SflowInterfaceCounters.IN_BROADCAST] = u32(body + 40);
        v[SflowInterfaceCounters.IN_DISCARDS] = u32(body + 44);
        v[SflowInterfaceCounters.IN_ERRORS] = u32(body + 48);
        v[SflowInterfaceCounters.IN_UNKNOWN_PROTOS] = u32(body + 52);
        v[SflowInterfaceCounters.OUT_OCTETS] = s64(body + 56);
        v[SflowInterfaceCounters.OUT_UNICAST] = u32(body + 64);
        v[SflowInterfaceCounters.OUT_MULTICAST] = u32(body + 68);
        v[SflowInterfaceCounters.OUT_BROADCAST] = u32(body + 72);
        v[SflowInterfaceCounters.OUT_DISCARDS] = u32(body + 76);
        v[SflowInterfaceCounters.OUT_ERRORS] = u32(body + 80);
        v[SflowInterfaceCounters.PROMISCUOUS] = u32(body + 84);
    }

    /*
     * sFlow v4 (RFC 3176): version | agent address | sequence | uptime | sample count; samples have no length:
     * type (1 flow, 2 counters) | body. A flow sample: sequence | source id | rate | pool | drops | input | output |
     * packet data type (1 header: protocol | frame length | header length | bytes; 2 IPv4 data (32 bytes);
     * 3 IPv6 data (56 bytes)) | extended count | { type | body } where 1 switch (16), 2 router (address + 8),
     * 3 gateway (as | src as | src peer as | path length | path), 4 user (2 strings), 5 url (direction | string).
     * Anything else cannot be skipped, so it ends the datagram (counted malformed).
     */
    private void decodeV4(final int offset, final int end)
    {
        int position = agentAddress(offset, end);
        if (position < 0)
        {
            return;
        }
        agent.counters[AgentState.DATAGRAMS]++;
        if (end - position < 12)
        {
            malformed();
            return;
        }
        final long samples = u32(position + 8);
        position += 12;
        if (samples > MAX_SAMPLES || samples * 8 > end - position)
        {
            malformed();
            return;
        }
        for (long i = 0; i < samples && position >= 0; i++)
        {
            if (end - position < 4)
            {
                malformed();
                return;
            }
            final long type = u32(position);
            if (type == 1)
            {
                position = flowSampleV4(position + 4, end);
            }
            else if (type == 2)
            {
                position = counterSampleV4(position + 4, end);
            }
            else
            {
                agent.counters[AgentState.UNKNOWN_SAMPLES]++;
                malformed();
                return;
            }
        }
    }

    private int flowSampleV4(final int body, final int end)
    {
        agent.counters[AgentState.FLOW_SAMPLES]++;
        if (end - body < 32)
        {
            return malformed();
        }
        final long samplingRate = u32(body + 8);
        final long input = u32(body + 20);
        final long output = u32(body + 24);
        final boolean discarded = (output >>> 30) == 1;
        agent.samplingRate(samplingRate);
        if (discarded)
        {
            agent.counters[AgentState.DISCARDED]++;
        }
        final long packetType = u32(body + 28);
        int position = body + 32;
        record.reset();
        haveHeader = false;
        switchVlan = TrafficRecord.NO_VLAN;
        srcAs = 0;
        dstAs = 0;
        if (packetType == 1)
        {
            if (end - position < 12)
            {
                return malformed();
            }
            final long headerLength = u32(position + 8);
            final long padded = (headerLength + 3) & ~3L;
            if (padded > end - position - 12)
            {
                return malformed();
            }
            // Reuse the v5 raw header layout: v4 lacks the "stripped" field, so decode it inline.
            final long protocol = u32(position);
            final long wireLength = u32(position + 4);
            final LinkType linkType = protocol == HEADER_PROTOCOL_ETHERNET ? LinkType.ETHERNET :
                protocol == HEADER_PROTOCOL_IPV4 ? LinkType.IPV4 : protocol == HEADER_PROTOCOL_IPV6 ? LinkType.IPV6 :
                null;
            if (linkType == null)
            {
                agent.counters[AgentState.UNSUPPORTED_HEADER_PROTOCOL]++;
            }
            else if (parser.parse(buffer, position + 12, (int)headerLength, linkType, record) == ParseResult.OK)
            {
                haveHeader = true;
                frameLength = wireLength;
            }
            else
            {
                agent.counters[AgentState.HEADER_PARSE_FAILURES]++;
            }
            position += 12 + (int)padded;
        }
        else if (packetType == 2 || packetType == 3)
        {
            final int length = packetType == 2 ? 32 : 56;
            if (end - position < length)
            {
                return malformed();
            }
            position += length;
        }
        else
        {
            return malformed();
        }
        if (end - position < 4)
        {
            return malformed();
        }
        final long extended = u32(position);
        position += 4;
        for (long i = 0; i < extended; i++)
        {
            if (end - position < 4)
            {
                return malformed();
            }
            final long type = u32(position);
            position += 4;
            position = extendedV4(type, position, end);
            if (position < 0)
            {
                return malformed();
            }
        }
        emit(samplingRate, input, output, discarded);
        return position;
    }

    private int extendedV4(final long type, final int position, final int end)
    {
        switch ((int)type)
        {
            case 1:
            {
                if (end - position < 16)
                {
                    return -1;
                }
                final long vlan = u32(position);
                if (vlan > 0 && vlan < 4095)
                {
                    switchVlan = (int)vlan;
                }
                return position + 16;
            }
            case 2:
            {
                final int address = v4AddressLength(position, end);
                return address < 0 || end - position - address < 8 ? -1 : position + address + 8;
            }
            case 3:
            {
                if (end - position < 16)
                {
                    return -1;
                }
                final long source = u32(position + 4);
                final long pathLength = u32(position + 12);
                if (pathLength * 4 > end - position - 16)
                {
                    return -1;
                }
                srcAs = source;
                dstAs = pathLength > 0 ? u32(position + 16 + (int)(pathLength - 1) * 4) : 0;
                return position + 16 + (int)pathLength * 4;
            }
            case 4:
            {
                final int afterSource = v4String(position, end);
                return afterSource < 0 ? -1 : v4String(afterSource, end);
            }
            case 5:
                return end - position < 4 ? -1 : v4String(position + 4, end);
            default:
                return -1;
        }
    }

    private int v4AddressLength(final int position, final int end)
    {
        if (end - position < 4)
        {
            return -1;
        }
        final long type = u32(position);
        return type == 1 ? 8 : type == 2 ? 20 : -1;
    }

    private int v4String(final int position, final int end)
    {
        if (end - position < 4)
        {
            return -1;
        }
        final long padded = (u32(position) + 3) & ~3L;
        return padded > end - position - 4 ? -1 : position + 4 + (int)padded;
    }

    private int counterSampleV4(final int body, final int end)
    {
        agent.counters[AgentState.COUNTER_SAMPLES]++;
        if (end - body < 16)
        {
            return malformed();
        }
        final long version = u32(body + 12);
        final int position = body + 16;
        final int length;
        switch ((int)version)
        {
            case 1:
            case 4:
            case 6:
                length = 88;
                break;
            case 2:
                length = 88 + 52;
                break;
            case 7:
                length = 28;
                break;
            default:
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
                return malformed();
        }
        if (end - position < length)
        {
            return malformed();
        }
        if (version != 7)
        {
            genericInterfaceCounters(position);
        }
        return position + length;
    }

    private int malformed()
    {
        datagramMalformed = true;
        agent.counters[AgentState.MALFORMED]++;
        return -1;
    }

    private AgentState agent(final int version, final int ipv4, final long high, final long low)
    {
        final AgentState last = lastAgent;
        if (last != null && last.matches(version, ipv4, high, low))
        {
            return last;
        }
        long hash = version == 4 ? ipv4 : high ^ low;
        hash = hash * 0x9E3779B97F4A7C15L;
        int slot = (int)(hash >>> 40) & (TABLE_SIZE - 1);
        while (true)
        {
            final AgentState candidate = table[slot];
            if (candidate == null)
            {
                final int count = agentCount;
                if (count == MAX_AGENTS)
                {
                    lastAgent = otherAgents;
                    return otherAgents;
                }
                final AgentState created = new AgentState(version, ipv4, high, low);
                table[slot] = created;
                agents[count] = created;
                agentCount = count + 1;
                lastAgent = created;
                return created;
            }
            if (candidate.matches(version, ipv4, high, low))
            {
                lastAgent = candidate;
                return candidate;
            }
            slot = (slot + 1) & (TABLE_SIZE - 1);
        }
    }

    private long u32(final int index)
    {
        return s32(index) & 0xFFFF_FFFFL;
    }

    private int s32(final int index)
    {
        return ((buffer.get(index) & 0xFF) << 24) | ((buffer.get(index + 1) & 0xFF) << 16) |
            ((buffer.get(index + 2) & 0xFF) << 8) | (buffer.get(index + 3) & 0xFF);
    }

    private long s64(final int index)
    {
        return ((long)s32(index) << 32) | (s32(index + 4) & 0xFFFF_FFFFL);
    }
}
