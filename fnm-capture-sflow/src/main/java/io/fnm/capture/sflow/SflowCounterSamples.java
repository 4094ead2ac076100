package io.fnm.capture.sflow;

import java.nio.ByteBuffer;

/**
 * Counter samples of sFlow v5 (counter sample 0:2, expanded 0:4) and v4: the generic interface counters (record
 * 0:1) are kept per agent and interface in {@link SflowInterfaceCounters}; other counter records are skipped by
 * their length (v5) or their known size (v4).
 */
final class SflowCounterSamples
{
    /** Length of the generic interface counters record (0:1). */
    private static final int GENERIC_INTERFACE_LENGTH = 88;
    /** Length of the Ethernet counters that follow the generic ones in a v4 Ethernet counter sample. */
    private static final int V4_ETHERNET_LENGTH = 52;
    /** Length of a v4 VLAN counter sample. */
    private static final int V4_VLAN_LENGTH = 28;

    private SflowCounterSamples()
    {
    }

    /**
     * A v5 counter sample.
     *
     * @param buffer   the datagram.
     * @param agent    the agent it came from.
     * @param body     where the sample's body starts.
     * @param end      where it ends.
     * @param expanded whether it is an expanded counter sample (0:4).
     * @return false when it is malformed (then the agent's malformed count is not yet incremented).
     */
    static boolean counterSample(
        final ByteBuffer buffer, final AgentState agent, final int body, final int end, final boolean expanded)
    {
        agent.counters[AgentState.COUNTER_SAMPLES]++;
        final int headerLength = expanded ? 16 : 12;
        if (end - body < headerLength)
        {
            return false;
        }
        final long records = Xdr.u32(buffer, body + headerLength - 4);
        int position = body + headerLength;
        if (records * 8 > end - position)
        {
            return false;
        }
        for (long i = 0; i < records; i++)
        {
            if (end - position < 8)
            {
                return false;
            }
            final long format = Xdr.u32(buffer, position);
            final long length = Xdr.u32(buffer, position + 4);
            final int recordBody = position + 8;
            if (length > end - recordBody)
            {
                return false;
            }
            if (format == 1)
            {
                if (length < GENERIC_INTERFACE_LENGTH)
                {
                    return false;
                }
                genericInterfaceCounters(buffer, agent, recordBody);
            }
            else if (format != 2)
            {
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
            }
            position = recordBody + (int)length;
        }
        return true;
    }

    /**
     * A v4 counter sample: sequence | source id | interval | version (1 generic, 2 Ethernet, 4 FDDI, 6 WAN: generic
     * interface counters first; 7 VLAN) | counters.
     *
     * @param buffer the datagram.
     * @param agent  the agent it came from.
     * @param body   where the sample's body starts (after its type).
     * @param end    where the datagram ends.
     * @return where the sample ends, or -1 when it is malformed or of an unknown version (then the agent's malformed
     *         count is not yet incremented).
     */
    static int counterSampleV4(final ByteBuffer buffer, final AgentState agent, final int body, final int end)
    {
        agent.counters[AgentState.COUNTER_SAMPLES]++;
        if (end - body < 16)
        {
            return -1;
        }
        final long version = Xdr.u32(buffer, body + 12);
        final int position = body + 16;
        final int length;
        switch ((int)version)
        {
            case 1:
            case 4:
            case 6:
                length = GENERIC_INTERFACE_LENGTH;
                break;
            case 2:
                length = GENERIC_INTERFACE_LENGTH + V4_ETHERNET_LENGTH;
                break;
            case 7:
                length = V4_VLAN_LENGTH;
                break;
            default:
                agent.counters[AgentState.UNKNOWN_RECORDS]++;
                return -1;
        }
        if (end - position < length)
        {
            return -1;
        }
        if (version != 7)
        {
            genericInterfaceCounters(buffer, agent, position);
        }
        return position + length;
    }

    private static void genericInterfaceCounters(final ByteBuffer buffer, final AgentState agent, final int body)
    {
        final SflowInterfaceCounters counters = agent.interfaceCounters(Xdr.u32(buffer, body));
        if (counters == null)
        {
            return;
        }
        final long[] v = counters.values;
        v[SflowInterfaceCounters.IF_INDEX] = Xdr.u32(buffer, body);
        v[SflowInterfaceCounters.IF_TYPE] = Xdr.u32(buffer, body + 4);
        v[SflowInterfaceCounters.IF_SPEED] = Xdr.s64(buffer, body + 8);
        v[SflowInterfaceCounters.IF_DIRECTION] = Xdr.u32(buffer, body + 16);
        v[SflowInterfaceCounters.IF_STATUS] = Xdr.u32(buffer, body + 20);
        v[SflowInterfaceCounters.IN_OCTETS] = Xdr.s64(buffer, body + 24);
        v[SflowInterfaceCounters.IN_UNICAST] = Xdr.u32(buffer, body + 32);
        v[SflowInterfaceCounters.IN_MULTICAST] = Xdr.u32(buffer, body + 36);
        v[SflowInterfaceCounters.IN_BROADCAST] = Xdr.u32(buffer, body + 40);
        v[SflowInterfaceCounters.IN_DISCARDS] = Xdr.u32(buffer, body + 44);
        v[SflowInterfaceCounters.IN_ERRORS] = Xdr.u32(buffer, body + 48);
        v[SflowInterfaceCounters.IN_UNKNOWN_PROTOS] = Xdr.u32(buffer, body + 52);
        v[SflowInterfaceCounters.OUT_OCTETS] = Xdr.s64(buffer, body + 56);
        v[SflowInterfaceCounters.OUT_UNICAST] = Xdr.u32(buffer, body + 64);
        v[SflowInterfaceCounters.OUT_MULTICAST] = Xdr.u32(buffer, body + 68);
        v[SflowInterfaceCounters.OUT_BROADCAST] = Xdr.u32(buffer, body + 72);
        v[SflowInterfaceCounters.OUT_DISCARDS] = Xdr.u32(buffer, body + 76);
        v[SflowInterfaceCounters.OUT_ERRORS] = Xdr.u32(buffer, body + 80);
        v[SflowInterfaceCounters.PROMISCUOUS] = Xdr.u32(buffer, body + 84);
    }
}
