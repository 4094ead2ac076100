package io.fnm.actions.bgp.internal;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A scripted BGP neighbour on 127.0.0.1 for session tests: it accepts the speaker's connection, answers its OPEN and
 * then sends whatever the test wants, good or hostile, reading back what the speaker sends. Blocking, with a 5 s
 * timeout on every read.
 */
final class FakeBgpPeer implements AutoCloseable
{
    private static final int TIMEOUT_MILLIS = 5_000;

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    FakeBgpPeer() throws IOException
    {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        server.setSoTimeout(TIMEOUT_MILLIS);
    }

    int port()
    {
        return server.getLocalPort();
    }

    void accept() throws IOException
    {
        socket = server.accept();
        socket.setSoTimeout(TIMEOUT_MILLIS);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * Accept, read the speaker's OPEN, answer with an OPEN of {@code as} offering every family and a KEEPALIVE, and
     * read the speaker's KEEPALIVE: the session is then Established on both sides.
     */
    void establish(final long as) throws IOException
    {
        accept();
        final byte[] open = read();
        if (BgpHeader.type(ByteBuffer.wrap(open), 0) != BgpHeader.OPEN)
        {
            throw new IOException("expected OPEN");
        }
        send(open(as));
        send(keepalive());
        final byte[] keepalive = read();
        if (BgpHeader.type(ByteBuffer.wrap(keepalive), 0) != BgpHeader.KEEPALIVE)
        {
            throw new IOException("expected KEEPALIVE, got type " + BgpHeader.type(ByteBuffer.wrap(keepalive), 0));
        }
    }

    static byte[] open(final long as)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(BgpHeader.MAX_MESSAGE_LENGTH);
        BgpOpen.encode(buffer, as, 90, 0x7F000001, 0b1111);
        return bytes(buffer);
    }

    static byte[] keepalive()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(BgpHeader.LENGTH);
        BgpKeepalive.encode(buffer);
        return bytes(buffer);
    }

    static byte[] bytes(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    void send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
    }

    /**
     * @return the next whole message from the speaker.
     * @throws EOFException when the speaker closed the connection.
     */
    byte[] read() throws IOException
    {
        final byte[] header = new byte[BgpHeader.LENGTH];
        in.readFully(header);
        final int length = BgpHeader.length(ByteBuffer.wrap(header), 0);
        final byte[] message = new byte[Math.max(length, BgpHeader.LENGTH)];
        System.arraycopy(header, 0, message, 0, header.length);
        in.readFully(message, header.length, message.length - header.length);
        return message;
    }

    /**
     * Read until a NOTIFICATION (skipping KEEPALIVEs and UPDATEs).
     *
     * @return the NOTIFICATION, or null when the connection closed first.
     */
    byte[] readNotification() throws IOException
    {
        try
        {
            while (true)
            {
                final byte[] message = read();
                if (BgpHeader.type(ByteBuffer.wrap(message), 0) == BgpHeader.NOTIFICATION)
                {
                    return message;
                }
            }
        }
        catch (final EOFException | java.net.SocketException ex)
        {
            return null;
        }
    }

    InputStream input()
    {
        return in;
    }

    @Override
    public void close() throws IOException
    {
        if (socket != null)
        {
            socket.close();
        }
        server.close();
    }
}
