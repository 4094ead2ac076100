package io.fnm.capture.sflow;

import java.nio.ByteBuffer;

/**
 * sFlow v4 (RFC 3176): version | agent address | sequence | uptime | sample count; samples have no length:
 * type (1 flow, 2 counters) | body. A flow sample: sequence | source id | rate | pool | drops | input | output |
 * packet data type (1 header: protocol | frame length | header length | bytes; 2 IPv4 data (32 bytes);
 * 3 IPv6 data (56 bytes)) | extended count | { type | body } where 1 switch (16), 2 router (address + 8),
 * 3 gateway (as | src as | src peer as | path length | path), 4 user (2 strings), 5 url (direction | string).
 * Anything else cannot be skipped, so it ends the datagram (counted malformed).
 * <p>
 * Reads v4's layout and assembles each flow sample's record through its {@link SflowDecoder} (agent lookup, header
 * parsing, delivery), so both versions count and deliver alike.
 */
final class SflowV4Decoder
{
    private final SflowDecoder decoder;
    private ByteBuffer buffer;

    /**
     * @param decoder the decoder whose agents, scratch record and sink the samples go through.
     */
    SflowV4Decoder(final SflowDecoder decoder)
    {
        this.decoder = decoder;
    }

    /**
     * Decode a v4 datagram.
     *
     * @param datagram the datagram.
     * @param offset   where it starts.
     * @param end      where it ends.
     */
    void decode(final ByteBuffer datagram, final int offset, final int end)
    {
        buffer = datagram;
        try
        {
            decodeSamples(offset, end);
        }
        finally
        {
            buffer = null;
        }
    }

    private void decodeSamples(final int offset, final int end)
    {
        int position = decoder.agentAddress(offset, end);
        if (position < 0)
        {
            return;
        }
        final AgentState agent = decoder.agent();
        agent.counters[AgentState.DATAGRAMS]++;
        if (end - position < 12)
        {
            decoder.malformed();
            return;
        }
        final long samples = u32(position + 8);
        position += 12;
        if (samples > SflowDecoder.MAX_SAMPLES || samples * 8 > end - position)
        {
            decoder.malformed();
            return;
        }
        for (long i = 0; i < samples && position >= 0; i++)
        {
            if (end - position < 4)
            {
                decoder.malformed();
                return;
            }
            final long type = u32(position);
            if (type == 1)
            {
                position = flowSample(position + 4, end);
            }
            else if (type == 2)
            {
                position = SflowCounterSamples.counterSampleV4(buffer, agent, position + 4, end);
                if (position < 0)
                {
                    decoder.malformed();
                }
            }
            else
            {
                agent.counters[AgentState.UNKNOWN_SAMPLES]++;
                decoder.malformed();
                return;
            }
        }
    }

    private int flowSample(final int body, final int end)
    {
        final AgentState agent = decoder.agent();
        agent.counters[AgentState.FLOW_SAMPLES]++;
        if (end - body < 32)
        {
            return decoder.malformed();
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
        decoder.beginFlowSample();
        int position = packetData(u32(body + 28), body + 32, end);
        if (position < 0 || end - position < 4)
        {
            return decoder.malformed();
        }
        final long extended = u32(position);
        position += 4;
        for (long i = 0; i < extended; i++)
        {
            if (end - position < 4)
            {
                return decoder.malformed();
            }
            final long type = u32(position);
            position = extended(type, position + 4, end);
            if (position < 0)
            {
                return decoder.malformed();
            }
        }
        decoder.emit(samplingRate, input, output, discarded);
        return position;
    }

    /**
     * The sample's packet data: a header (parsed; v4 has no "stripped" field) or IPv4/IPv6 data (skipped).
     *
     * @return where it ends, or -1 when malformed.
     */
    private int packetData(final long packetType, final int position, final int end)
    {
        if (packetType == 1)
        {
            if (end - position < 12)
            {
                return -1;
            }
            final long headerLength = u32(position + 8);
            final long padded = (headerLength + 3) & ~3L;
            if (padded > end - position - 12)
            {
                return -1;
            }
            decoder.header(u32(position), u32(position + 4), position + 12, (int)headerLength);
            return position + 12 + (int)padded;
        }
        if (packetType == 2 || packetType == 3)
        {
            final int length = packetType == 2 ? 32 : 56;
            return end - position < length ? -1 : position + length;
        }
        return -1;
    }

    private int extended(final long type, final int position, final int end)
    {
        switch ((int)type)
        {
            case 1:
            {
                if (end - position < 16)
                {
                    return -1;
                }
                decoder.switchVlan(u32(position));
                return position + 16;
            }
            case 2:
            {
                final int address = addressLength(position, end);
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
                decoder.asns(source, pathLength > 0 ? u32(position + 16 + (int)(pathLength - 1) * 4) : 0);
                return position + 16 + (int)pathLength * 4;
            }
            case 4:
            {
                final int afterSource = string(position, end);
                return afterSource < 0 ? -1 : string(afterSource, end);
            }
            case 5:
                return end - position < 4 ? -1 : string(position + 4, end);
            default:
                return -1;
        }
    }

    private int addressLength(final int position, final int end)
    {
        if (end - position < 4)
        {
            return -1;
        }
        final long type = u32(position);
        return type == 1 ? 8 : type == 2 ? 20 : -1;
    }

    private int string(final int position, final int end)
    {
        if (end - position < 4)
        {
            return -1;
        }
        final long padded = (u32(position) + 3) & ~3L;
        return padded > end - position - 4 ? -1 : position + 4 + (int)padded;
    }

    private long u32(final int index)
    {
        return Xdr.u32(buffer, index);
    }
}
