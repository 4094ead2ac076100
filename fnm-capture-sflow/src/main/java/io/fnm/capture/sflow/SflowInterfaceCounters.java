package io.fnm.capture.sflow;

/**
 * A snapshot of one interface's sFlow generic interface counters (counter record enterprise 0, format 1), as the
 * agent last reported them.
 * <pre>
 * struct if_counters {
 *    unsigned int ifIndex; unsigned int ifType; unsigned hyper ifSpeed; unsigned int ifDirection;
 *    unsigned int ifStatus; unsigned hyper ifInOctets; unsigned int ifInUcastPkts; unsigned int ifInMulticastPkts;
 *    unsigned int ifInBroadcastPkts; unsigned int ifInDiscards; unsigned int ifInErrors;
 *    unsigned int ifInUnknownProtos; unsigned hyper ifOutOctets; unsigned int ifOutUcastPkts;
 *    unsigned int ifOutMulticastPkts; unsigned int ifOutBroadcastPkts; unsigned int ifOutDiscards;
 *    unsigned int ifOutErrors; unsigned int ifPromiscuousMode;
 * }
 * </pre>
 */
public final class SflowInterfaceCounters
{
    final long[] values = new long[FIELDS];

    static final int IF_INDEX = 0;
    static final int IF_TYPE = 1;
    static final int IF_SPEED = 2;
    static final int IF_DIRECTION = 3;
    static final int IF_STATUS = 4;
    static final int IN_OCTETS = 5;
    static final int IN_UNICAST = 6;
    static final int IN_MULTICAST = 7;
    static final int IN_BROADCAST = 8;
    static final int IN_DISCARDS = 9;
    static final int IN_ERRORS = 10;
    static final int IN_UNKNOWN_PROTOS = 11;
    static final int OUT_OCTETS = 12;
    static final int OUT_UNICAST = 13;
    static final int OUT_MULTICAST = 14;
    static final int OUT_BROADCAST = 15;
    static final int OUT_DISCARDS = 16;
    static final int OUT_ERRORS = 17;
    static final int PROMISCUOUS = 18;
    static final int FIELDS = 19;

    SflowInterfaceCounters copy()
    {
        final SflowInterfaceCounters copy = new SflowInterfaceCounters();
        System.arraycopy(values, 0, copy.values, 0, FIELDS);
        return copy;
    }

    /**
     * @return the interface index.
     */
    public long ifIndex()
    {
        return values[IF_INDEX];
    }

    /**
     * @return the IANA ifType.
     */
    public long ifType()
    {
        return values[IF_TYPE];
    }

    /**
     * @return interface speed in bits per second.
     */
    public long ifSpeedBitsPerSecond()
    {
        return values[IF_SPEED];
    }

    /**
     * @return 0 unknown, 1 full duplex, 2 half duplex, 3 in, 4 out.
     */
    public long ifDirection()
    {
        return values[IF_DIRECTION];
    }

    /**
     * @return bit 0 admin up, bit 1 operationally up.
     */
    public long ifStatus()
    {
        return values[IF_STATUS];
    }

    /**
     * @return octets received.
     */
    public long inOctets()
    {
        return values[IN_OCTETS];
    }

    /**
     * @return unicast packets received.
     */
    public long inUnicastPackets()
    {
        return values[IN_UNICAST];
    }

    /**
     * @return multicast packets received.
     */
    public long inMulticastPackets()
    {
        return values[IN_MULTICAST];
    }

    /**
     * @return broadcast packets received.
     */
    public long inBroadcastPackets()
    {
        return values[IN_BROADCAST];
    }

    /**
     * @return inbound packets discarded.
     */
    public long inDiscards()
    {
        return values[IN_DISCARDS];
    }

    /**
     * @return inbound packets with errors.
     */
    public long inErrors()
    {
        return values[IN_ERRORS];
    }

    /**
     * @return inbound packets of unknown protocols.
     */
    public long inUnknownProtocols()
    {
        return values[IN_UNKNOWN_PROTOS];
    }

    /**
     * @return octets sent.
     */
    public long outOctets()
    {
        return values[OUT_OCTETS];
    }

    /**
     * @return unicast packets sent.
     */
    public long outUnicastPackets()
    {
        return values[OUT_UNICAST];
    }

    /**
     * @return multicast packets sent.
     */
    public long outMulticastPackets()
    {
        return values[OUT_MULTICAST];
    }

    /**
     * @return broadcast packets sent.
     */
    public long outBroadcastPackets()
    {
        return values[OUT_BROADCAST];
    }

    /**
     * @return outbound packets discarded.
     */
    public long outDiscards()
    {
        return values[OUT_DISCARDS];
    }

    /**
     * @return outbound packets with errors.
     */
    public long outErrors()
    {
        return values[OUT_ERRORS];
    }

    /**
     * @return 1 when the interface is in promiscuous mode.
     */
    public long promiscuousMode()
    {
        return values[PROMISCUOUS];
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String toString()
    {
        return "ifIndex=" + ifIndex() + " speed=" + ifSpeedBitsPerSecond() + " inOctets=" + inOctets() +
            " outOctets=" + outOctets() + " inErrors=" + inErrors() + " outErrors=" + outErrors();
    }
}
