package io.fnm.capture.sflow.generator;

import io.fnm.capture.TrafficRecord;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

/**
 * Sends sFlow v5 datagrams built by {@link SflowDatagramWriter} over UDP, packing as many flow samples per datagram
 * as {@code samplesPerDatagram} allows. Not thread-safe.
 */
public final class SflowUdpSender implements AutoCloseable
{
    private final DatagramChannel channel;
    private final SflowDatagramWriter writer;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65507);
    private final int samplesPerDatagram;
    private long datagramsSent;
    private long samplesSent;
    private int pending;

    /**
     * @param target             the collector.
     * @param agentIpv4          agent address written in the datagrams, network order.
     * @param samplingRate       sampling rate written in every sample (0 = each record's own ratio).
     * @param samplesPerDatagram flow samples per datagram, 1..10.
     * @throws IOException when the socket cannot be opened.
     */
    public SflowUdpSender(
        final InetSocketAddress target, final int agentIpv4, final long samplingRate, final int samplesPerDatagram)
        throws IOException
    {
        if (samplesPerDatagram < 1 || samplesPerDatagram > 10)
        {
            throw new IllegalArgumentException("samplesPerDatagram must be 1..10: " + samplesPerDatagram);
        }
        this.samplesPerDatagram = samplesPerDatagram;
        this.writer = new SflowDatagramWriter(agentIpv4).samplingRate(samplingRate);
        this.channel = DatagramChannel.open();
        channel.connect(target);
    }

    /**
     * Queue one sample, sending the datagram when it is full.
     *
     * @param record the sampled packet.
     * @throws IOException when sending fails.
     */
    public void send(final TrafficRecord record) throws IOException
    {
        if (pending == 0)
        {
            buffer.clear();
            writer.begin(buffer);
        }
        writer.addFlowSample(record);
        pending++;
        samplesSent++;
        if (pending == samplesPerDatagram)
        {
            flush();
        }
    }

    /**
     * Send {@code count} samples produced by {@code filler} (which fills the reused record given to it).
     *
     * @param count  samples to send.
     * @param filler fills the record for each sample.
     * @throws IOException when sending fails.
     */
    public void send(final long count, final Consumer<TrafficRecord> filler) throws IOException
    {
        final TrafficRecord record = new TrafficRecord();
        for (long i = 0; i < count; i++)
        {
            filler.accept(record.reset());
            send(record);
        }
        flush();
    }

    /**
     * Send the partly filled datagram, if any.
     *
     * @throws IOException when sending fails.
     */
    public void flush() throws IOException
    {
        if (pending == 0)
        {
            return;
        }
        writer.finish();
        buffer.flip();
        channel.write(buffer);
        datagramsSent++;
        pending = 0;
    }

    /**
     * @return datagrams sent.
     */
    public long datagramsSent()
    {
        return datagramsSent;
    }

    /**
     * @return samples sent.
     */
    public long samplesSent()
    {
        return samplesSent;
    }

    /**
     * Flush and close the socket.
     *
     * @throws IOException when the last send fails.
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            channel.close();
        }
    }
}
