package io.fnm.capture.netflow.internal;

import io.fnm.capture.TrafficRecord;

import java.nio.ByteBuffer;

/**
 * The hook through which a flow record's sampled packet section (IE 104 layer2packetSection, NetFlow Lite; IE 315
 * dataLinkFrameSection, IPFIX) is decoded. When the shared {@code io.fnm.capture.packet.PacketHeaderParser} of
 * fnm-capture-spi is available an adapter over it is installed; until then the decoder has none and the record's own
 * fields are used.
 */
@FunctionalInterface
public interface PacketSectionParser
{
    /**
     * Parse an Ethernet frame section into the record's L3/L4 fields (addresses, ports, protocol, flags, IP length).
     *
     * @param buffer big-endian buffer holding the section.
     * @param offset first byte of the frame.
     * @param length bytes of the frame present.
     * @param into   the record to fill.
     * @return true when an IP header was found and the record filled.
     */
    boolean parse(ByteBuffer buffer, int offset, int length, TrafficRecord into);
}
