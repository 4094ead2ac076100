package io.fnm.capture.netflow.internal;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.packet.LinkType;
import io.fnm.capture.packet.PacketHeaderParser;
import io.fnm.capture.packet.ParseResult;
import io.fnm.capture.packet.ParserOptions;

import java.nio.ByteBuffer;

/**
 * Decodes a flow record's sampled packet section (IE 104 layer2packetSection of NetFlow Lite, IE 315
 * dataLinkFrameSection, IE 313 ipHeaderPacketSection of IPFIX) through the shared {@link PacketHeaderParser}, and
 * applies what such a record means: it stands for <b>one</b> sampled packet, whose size is the outermost IP header's
 * total length (the captured length when there is no usable IP length).
 * <p>
 * A VLAN id the record carried in its own fields (IE 58/243/245) is kept when the frame itself has no tag. One
 * instance per decoder (not thread-safe); allocation-free.
 */
public final class PacketSection
{
    private final PacketHeaderParser parser;

    /**
     * @param options which encapsulations the parser looks through (the collector's {@code unpack_*} keys).
     */
    public PacketSection(final ParserOptions options)
    {
        this.parser = new PacketHeaderParser(options);
    }

    /**
     * Parse a section into the record's L3/L4 fields, packets and bytes. On failure the record is left untouched.
     *
     * @param buffer   the datagram.
     * @param offset   absolute index of the section's first byte.
     * @param length   bytes of the section.
     * @param linkType {@link LinkType#ETHERNET} for IE 104/315, {@link LinkType#IP} for IE 313.
     * @param into     the record, already filled from the flow record's own fields.
     * @return true when an IP header was found and the record filled.
     */
    public boolean decode(
        final ByteBuffer buffer, final int offset, final int length, final LinkType linkType, final TrafficRecord into)
    {
        final int recordVlan = into.vlan();
        final int recordInnerVlan = into.innerVlan();
        if (parser.parse(buffer, offset, length, linkType, into) != ParseResult.OK)
        {
            return false;
        }
        if (parser.headers().vlanCount() == 0)
        {
            into.vlans(recordVlan, recordInnerVlan);
        }
        final int wireLength = parser.headers().ipLength(0);
        into.packets(1);
        if (wireLength > 0)
        {
            into.bytes(wireLength);
        }
        return true;
    }
}
