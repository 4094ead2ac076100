package io.fnm.capture.netflow.generator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Sends generated datagrams to a collector over UDP.
 */
public final class NetflowUdpSender implements AutoCloseable
{
    private final DatagramChannel channel;
    private final InetSocketAddress target;
    private long datagramsSent;

    /**
     * @param target the collector's address and port.
     * @throws IOException when no socket can be opened.
     */
    public NetflowUdpSender(final InetSocketAddress target) throws IOException
    {
        this.target = target;
        this.channel = DatagramChannel.open();
    }

    /**
     * Send the buffer's bytes from position to limit as one datagram.
     *
     * @param datagram the payload.
     * @throws IOException when the send fails.
     */
    public void send(final ByteBuffer datagram) throws IOException
    {
        channel.send(datagram, target);
        datagramsSent++;
    }

    /**
     * @return datagrams sent so far.
     */
    public long datagramsSent()
    {
        return datagramsSent;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void close() throws IOException
    {
        channel.close();
    }
}
