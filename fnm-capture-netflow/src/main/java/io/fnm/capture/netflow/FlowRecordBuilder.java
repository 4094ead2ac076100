package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.netflow.internal.FieldAction;
import io.fnm.capture.netflow.internal.PacketSection;
import io.fnm.capture.packet.LinkType;

import java.nio.ByteBuffer;

/**
 * Builds {@link TrafficRecord}s from v9/IPFIX data records: reads a record's fields (a fixed-length template's
 * compiled program, or any template field by field) into scratch, then delivers it. Counts: IE 1/2, else 85/86;
 * Cisco ASA NSEL records (no IE 1/2/85/86 counts, IE 231/232/298/299) give two records, one per direction; IE 89
 * forwarding status marks dropped traffic; NAT event records (IE 230) without counters are skipped and counted;
 * ICMP records get ports 0 and their type/code in {@link TrafficRecord#icmp}; a packet section (IE 315, 313) goes
 * through the shared header parser. Options records feed {@link SamplingRates}. Reused by one decoding thread, and
 * nothing is allocated per record.
 */
final class FlowRecordBuilder
{
    private final TrafficRecord record;
    private final SamplingRates sampling;
    private final PacketSection packetSection;
    private final DecoderCounters counters;

    // per-datagram context
    private ByteBuffer buffer;
    private ExporterState exporter;
    private TrafficSink sink;
    private long domainId;
    private long exportMillis;
    private long sysUptimeMillis;

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
    private int packetSectionOffset;
    private int packetSectionLength;
    private LinkType packetSectionLinkType;

    /**
     * @param record        the decoder's reused record.
     * @param sampling      the sampling fields and rates.
     * @param packetSection decodes packet sections into the record.
     * @param counters      where skipped records and packet sections are counted.
     */
    FlowRecordBuilder(
        final TrafficRecord record, final SamplingRates sampling, final PacketSection packetSection,
        final DecoderCounters counters)
    {
        this.record = record;
        this.sampling = sampling;
        this.packetSection = packetSection;
        this.counters = counters;
    }

    /**
     * Set the datagram whose records are built next.
     *
     * @param datagram   the datagram (big-endian).
     * @param state      the exporter it came from.
     * @param trafficSink where records go.
     * @param domain     its source id / observation domain.
     * @param uptime     the exporter's uptime at export, milliseconds (0 for IPFIX: no uptime-relative times).
     * @param exportTime the export time, epoch milliseconds.
     */
    void begin(
        final ByteBuffer datagram, final ExporterState state, final TrafficSink trafficSink, final long domain,
        final long uptime, final long exportTime)
    {
        buffer = datagram;
        exporter = state;
        sink = trafficSink;
        domainId = domain;
        sysUptimeMillis = uptime;
        exportMillis = exportTime;
    }

    /**
     * Forget the datagram and the sink.
     */
    void end()
    {
        buffer = null;
        sink = null;
    }

    /**
     * Read one record of a fixed-length template through its compiled program, then deliver it.
     *
     * @param template the template ({@link Template#fixedLength} &gt; 0).
     * @param base     where the record starts.
     * @return records delivered (0, 1 or 2).
     */
    int fixedLengthRecord(final Template template, final int base)
    {
        clearScratch();
        final ByteBuffer b = buffer;
        final int[] program = template.program;
        for (int k = 0, n = program.length; k < n; k += Template.PROGRAM_STRIDE)
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
                default:
                    fixedLengthField(op, b, offset, program[k + 2]);
                    break;
            }
        }
        return finish(template);
    }

    /**
     * The ops of {@link #fixedLengthRecord} past the addresses, ports and counts, and the generic fields.
     */
    private void fixedLengthField(final int op, final ByteBuffer b, final int offset, final int length)
    {
        switch (op)
        {
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
                    startMillis = FieldValues.uptimeToEpoch(
                        b.getInt(offset) & 0xFFFF_FFFFL, sysUptimeMillis, exportMillis);
                }
                break;
            case Template.OP_LAST_SWITCHED_4:
                if (sysUptimeMillis != 0)
                {
                    endMillis = FieldValues.uptimeToEpoch(
                        b.getInt(offset) & 0xFFFF_FFFFL, sysUptimeMillis, exportMillis);
                }
                break;
            default:
                field(op - Template.OP_GENERIC, b, offset, length);
                break;
        }
    }

    /**
     * Read one record of any template field by field (variable-length fields included), then deliver it.
     *
     * @param template the template.
     * @param first    where the record starts.
     * @param end      where its set ends.
     * @return where the record ends, or -1 when it overruns the set (then nothing was delivered).
     */
    int variableLengthRecord(final Template template, final int first, final int end)
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
        return offset;
    }

    /**
     * Deliver the record read: an options record updates the sampling rates, a data record goes to the sink.
     *
     * @param template its template.
     * @return records delivered (0, 1 or 2).
     */
    int finish(final Template template)
    {
        if (template.options)
        {
            counters.add(NetflowCounter.OPTIONS_RECORDS, 1);
            exporter.add(ExporterState.OPTIONS_RECORDS, 1);
            sampling.applyAnnounced(exporter, domainId);
            return 0;
        }
        return emit();
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
     * field took the fast path of {@link #fixedLengthRecord} do not pay for clearing it.
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
        sampling.clear();
        packetSectionOffset = -1;
        packetSectionLength = 0;
        packetSectionLinkType = LinkType.ETHERNET;
    }

    private void field(final int action, final ByteBuffer b, final int offset, final int length)
    {
        rareDirty = true;
        switch (action)
        {
            case FieldAction.BYTES:
                bytes = FieldValues.unsigned(b, offset, length);
                hasBytes = true;
                break;
            case FieldAction.PACKETS:
                packets = FieldValues.unsigned(b, offset, length);
                hasPackets = true;
                break;
            case FieldAction.PERMANENT_BYTES:
                permanentBytes = FieldValues.unsigned(b, offset, length);
                hasPermanentBytes = true;
                break;
            case FieldAction.PERMANENT_PACKETS:
                permanentPackets = FieldValues.unsigned(b, offset, length);
                hasPermanentPackets = true;
                break;
            case FieldAction.PROTOCOL:
                protocol = (int)FieldValues.unsigned(b, offset, length) & 0xFF;
                break;
            case FieldAction.TCP_FLAGS:
                tcpFlags = (int)FieldValues.unsigned(b, offset, length) & 0xFF;
                break;
            case FieldAction.SRC_PORT:
                srcPort = (int)FieldValues.unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.DST_PORT:
                dstPort = (int)FieldValues.unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.SRC_PORT_BY_PROTOCOL:
                altSrcPort = (int)FieldValues.unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.DST_PORT_BY_PROTOCOL:
                altDstPort = (int)FieldValues.unsigned(b, offset, length) & 0xFFFF;
                break;
            case FieldAction.INPUT_INTERFACE:
                inputInterface = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.OUTPUT_INTERFACE:
                outputInterface = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.SRC_AS:
                srcAs = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.DST_AS:
                dstAs = FieldValues.unsigned(b, offset, length);
                break;
            default:
                addressOrVlanField(action, b, offset, length);
                break;
        }
    }

    private void addressOrVlanField(final int action, final ByteBuffer b, final int offset, final int length)
    {
        switch (action)
        {
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
            case FieldAction.VLAN:
                if (vlan == TrafficRecord.NO_VLAN && length > 0)
                {
                    vlan = (int)FieldValues.unsigned(b, offset, length) & 0x0FFF;
                }
                break;
            case FieldAction.INNER_VLAN:
                if (length > 0)
                {
                    innerVlan = (int)FieldValues.unsigned(b, offset, length) & 0x0FFF;
                }
                break;
            default:
                timeField(action, b, offset, length);
                break;
        }
    }

    private void timeField(final int action, final ByteBuffer b, final int offset, final int length)
    {
        switch (action)
        {
            case FieldAction.FIRST_SWITCHED:
                if (sysUptimeMillis != 0 && length > 0)
                {
                    startMillis = FieldValues.uptimeToEpoch(
                        FieldValues.unsigned(b, offset, length), sysUptimeMillis, exportMillis);
                }
                break;
            case FieldAction.LAST_SWITCHED:
                if (sysUptimeMillis != 0 && length > 0)
                {
                    endMillis = FieldValues.uptimeToEpoch(
                        FieldValues.unsigned(b, offset, length), sysUptimeMillis, exportMillis);
                }
                break;
            case FieldAction.START_SECONDS:
                startMillis = FieldValues.unsigned(b, offset, length) * 1000L;
                break;
            case FieldAction.END_SECONDS:
                endMillis = FieldValues.unsigned(b, offset, length) * 1000L;
                break;
            case FieldAction.START_MILLIS:
                startMillis = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.END_MILLIS:
                endMillis = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.START_NTP:
                if (length == 8)
                {
                    startMillis = FieldValues.ntpToEpochMillis(b.getLong(offset));
                }
                break;
            case FieldAction.END_NTP:
                if (length == 8)
                {
                    endMillis = FieldValues.ntpToEpochMillis(b.getLong(offset));
                }
                break;
            default:
                statusField(action, b, offset, length);
                break;
        }
    }

    private void statusField(final int action, final ByteBuffer b, final int offset, final int length)
    {
        switch (action)
        {
            case FieldAction.ICMP_TYPE_CODE:
                icmpTypeCode = (int)FieldValues.unsigned(b, offset, length) & 0xFFFF;
                hasIcmpTypeCode = true;
                break;
            case FieldAction.ICMP_TYPE:
                icmpTypeCode = (icmpTypeCode & 0xFF) | (((int)FieldValues.unsigned(b, offset, length) & 0xFF) << 8);
                hasIcmpTypeCode = true;
                break;
            case FieldAction.ICMP_CODE:
                icmpTypeCode = (icmpTypeCode & 0xFF00) | ((int)FieldValues.unsigned(b, offset, length) & 0xFF);
                hasIcmpTypeCode = true;
                break;
            case FieldAction.FORWARDING_STATUS:
                if (length > 0)
                {
                    forwardingStatus = ((int)FieldValues.unsigned(b, offset, length) & 0xFF) >>> 6;
                }
                break;
            case FieldAction.INITIATOR_OCTETS:
                initiatorOctets = FieldValues.unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.RESPONDER_OCTETS:
                responderOctets = FieldValues.unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.INITIATOR_PACKETS:
                initiatorPackets = FieldValues.unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.RESPONDER_PACKETS:
                responderPackets = FieldValues.unsigned(b, offset, length);
                hasBidirectional = true;
                break;
            case FieldAction.NAT_EVENT:
                hasNatEvent = true;
                break;
            case FieldAction.PACKET_SECTION:
                packetSection(offset, length, LinkType.ETHERNET);
                break;
            case FieldAction.IP_PACKET_SECTION:
                packetSection(offset, length, LinkType.IP);
                break;
            default:
                sampling.field(action, b, offset, length);
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

    private int emit()
    {
        final long recordBytes = hasBytes ? bytes : permanentBytes;
        final long recordPackets = hasPackets ? packets : permanentPackets;
        final boolean bidirectional = hasBidirectional && recordBytes == 0 && recordPackets == 0;
        if (isEmptyNatEvent(recordBytes, recordPackets))
        {
            counters.add(NetflowCounter.NAT_EVENTS_SKIPPED, 1);
            return 0;
        }
        final TrafficRecord r = record;
        r.reset();
        setAddresses(r);
        r.protocol(protocol).tcpFlags(tcpFlags);
        final boolean icmp = protocol == TrafficRecord.PROTOCOL_ICMP || protocol == TrafficRecord.PROTOCOL_ICMPV6;
        setPorts(r, icmp);
        r.interfaces(inputInterface, outputInterface)
            .asns(srcAs, dstAs)
            .vlans(vlan, innerVlan)
            .forwardingStatus(forwardingStatus)
            .flowTimes(startMillis, endMillis)
            .samplingRatio(sampling.recordRate(exporter, domainId))
            .timestampMillis(exportMillis);
        exporter.stampAgent(r);
        if (bidirectional)
        {
            r.bytes(initiatorOctets).packets(initiatorPackets);
        }
        else
        {
            r.bytes(recordBytes).packets(recordPackets);
        }
        decodePacketSection(r);
        sink.accept(r);
        if (bidirectional && (responderOctets != 0 || responderPackets != 0))
        {
            emitResponder(r, icmp);
            return 2;
        }
        return 1;
    }

    /** A NAT event record (NSEL) that carries no traffic at all. */
    private boolean isEmptyNatEvent(final long recordBytes, final long recordPackets)
    {
        return hasNatEvent && (recordBytes | recordPackets | initiatorOctets | responderOctets | initiatorPackets |
            responderPackets) == 0;
    }

    private void setAddresses(final TrafficRecord r)
    {
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
    }

    /** Ports, or ICMP type and code (from their field, else from the destination port as Cisco exports them). */
    private void setPorts(final TrafficRecord r, final boolean icmp)
    {
        if (srcPort == 0 && dstPort == 0)
        {
            srcPort = altSrcPort;
            dstPort = altDstPort;
        }
        if (icmp)
        {
            final int typeCode = hasIcmpTypeCode ? icmpTypeCode : dstPort;
            r.icmp(typeCode >>> 8, typeCode & 0xFF).ports(0, 0);
        }
        else
        {
            r.ports(srcPort, dstPort);
        }
    }

    private void decodePacketSection(final TrafficRecord r)
    {
        if (packetSectionOffset >= 0)
        {
            if (packetSection.decode(buffer, packetSectionOffset, packetSectionLength, packetSectionLinkType, r))
            {
                counters.add(NetflowCounter.PACKET_SECTIONS_DECODED, 1);
            }
            else
            {
                counters.add(NetflowCounter.PACKET_SECTIONS_UNPARSED, 1);
            }
        }
    }

    /**
     * The responder's direction of a bidirectional (NSEL) record: addresses, ports, interfaces and ASNs swapped.
     */
    private void emitResponder(final TrafficRecord r, final boolean icmp)
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
    }
}
