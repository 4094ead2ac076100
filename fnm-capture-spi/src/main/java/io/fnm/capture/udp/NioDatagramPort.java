package io.fnm.capture.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * A {@link DatagramPort} over a non-blocking {@link DatagramChannel} and a {@link Selector}: one system call per
 * datagram, available everywhere. A datagram that fills the whole 64 KiB buffer (only an IPv6 jumbogram can) is
 * reported as truncated.
 */
final class NioDatagramPort implements DatagramPort
{
    private final DatagramChannel channel;
    private final Selector selector;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(UdpReceiver.BUFFER_BYTES).order(ByteOrder.BIG_ENDIAN);

    private NioDatagramPort(final DatagramChannel channel, final Selector selector)
    {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * @param address            where to bind.
     * @param port               the port (0 = any).
     * @param receiveBufferBytes {@code SO_RCVBUF} to ask for, 0 for the OS default.
     * @param reusePort          set {@code SO_REUSEPORT}.
     * @param reusePortKey       the configuration key to name when the option is missing.
     * @return the bound port.
     * @throws IOException when it cannot be opened or bound.
     */
    static NioDatagramPort open(final InetAddress address, final int port, final int receiveBufferBytes,
        final boolean reusePort, final String reusePortKey) throws IOException
    {
        final DatagramChannel channel = address.getAddress().length == 16 ?
            DatagramChannel.open(StandardProtocolFamily.INET6) : DatagramChannel.open(StandardProtocolFamily.INET);
        Selector selector = null;
        try
        {
            if (reusePort)
            {
                if (!channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT))
                {
                    throw new IOException(reusePortKey + " above 1 needs SO_REUSEPORT, which this platform does " +
                        "not support; set it to 1");
                }
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (receiveBufferBytes > 0)
            {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            }
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
            return new NioDatagramPort(channel, selector);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(selector);
            closeQuietly(channel);
            throw ex;
        }
    }

    @Override
    public InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    @Override
    public int receiveBufferBytes() throws IOException
    {
        return channel.getOption(StandardSocketOptions.SO_RCVBUF);
    }

    @Override
    public int receive(final Handler handler, final int max) throws IOException
    {
        for (int i = 0; i < max; i++)
        {
            buffer.clear();
            final SocketAddress from = channel.receive(buffer);
            if (from == null)
            {
                return i;
            }
            final int length = buffer.position();
            if (length == UdpReceiver.BUFFER_BYTES)
            {
                handler.onTruncated(length);
                continue;
            }
            buffer.flip();
            handler.onDatagram(buffer, ((InetSocketAddress)from).getAddress());
        }
        return max;
    }

    @Override
    public void await(final long timeoutMillis) throws IOException
    {
        selector.select(timeoutMillis);
        selector.selectedKeys().clear();
    }

    @Override
    public void wakeup()
    {
        selector.wakeup();
    }

    @Override
    public String kind()
    {
        return "DatagramChannel";
    }

    @Override
    public void close()
    {
        closeQuietly(selector);
        closeQuietly(channel);
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable == null)
        {
            return;
        }
        try
        {
            closeable.close();
        }
        catch (final Exception ex)
        {
            // closing: nothing more to do
        }
    }
}
