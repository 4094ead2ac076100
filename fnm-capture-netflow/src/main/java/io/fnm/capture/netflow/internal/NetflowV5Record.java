package io.fnm.capture.netflow.internal;

/**
 * NetFlow v5 flow record, 48 bytes, big-endian.
 *
 * <pre>
 * struct flow_record {            offset
 *   uint32 srcaddr;               0
 *   uint32 dstaddr;               4
 *   uint32 nexthop;               8
 *   uint16 input;                 12   SNMP ifIndex
 *   uint16 output;                14
 *   uint32 dPkts;                 16
 *   uint32 dOctets;               20
 *   uint32 first;                 24   sysUptime at first packet (ms)
 *   uint32 last;                  28   sysUptime at last packet (ms)
 *   uint16 srcport;               32
 *   uint16 dstport;               34
 *   uint8  pad1;                  36
 *   uint8  tcp_flags;             37
 *   uint8  prot;                  38
 *   uint8  tos;                   39
 *   uint16 src_as;                40
 *   uint16 dst_as;                42
 *   uint8  src_mask;              44
 *   uint8  dst_mask;              45
 *   uint16 pad2;                  46
 * };
 * </pre>
 */
public final class NetflowV5Record
{
    /** Offset of the source address. */
    public static final int SRC_ADDR_OFFSET = 0;
    /** Offset of the destination address. */
    public static final int DST_ADDR_OFFSET = 4;
    /** Offset of the input ifIndex. */
    public static final int INPUT_OFFSET = 12;
    /** Offset of the output ifIndex. */
    public static final int OUTPUT_OFFSET = 14;
    /** Offset of the packet count. */
    public static final int PACKETS_OFFSET = 16;
    /** Offset of the byte count. */
    public static final int OCTETS_OFFSET = 20;
    /** Offset of the first-packet uptime. */
    public static final int FIRST_OFFSET = 24;
    /** Offset of the last-packet uptime. */
    public static final int LAST_OFFSET = 28;
    /** Offset of the source port. */
    public static final int SRC_PORT_OFFSET = 32;
    /** Offset of the destination port. */
    public static final int DST_PORT_OFFSET = 34;
    /** Offset of the cumulative TCP flags. */
    public static final int TCP_FLAGS_OFFSET = 37;
    /** Offset of the IP protocol. */
    public static final int PROTOCOL_OFFSET = 38;
    /** Offset of the source AS. */
    public static final int SRC_AS_OFFSET = 40;
    /** Offset of the destination AS. */
    public static final int DST_AS_OFFSET = 42;
    /** Record length. */
    public static final int LENGTH = 48;

    private NetflowV5Record()
    {
    }
}
