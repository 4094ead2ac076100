package io.fnm.capture.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One bound UDP socket as a {@link UdpReceiver} thread uses it: take a batch of datagrams, wait for more, close. Two
 * implementations: {@link NioDatagramPort} (a {@link java.nio.channels.DatagramChannel}, everywhere) and
 * {@link RecvmmsgDatagramPort} (Linux {@code recvmmsg(2)} through jnr-ffi, many datagrams per system call).
 */
interface DatagramPort extends AutoCloseable
{
    /** Receives what a batch holds, on the receive thread. */
    interface Handler
    {
        /**
         * @param payload the datagram between position and limit, valid during the call only.
         * @param source  the sender's address.
         */
        void onDatagram(ByteBuffer payload, InetAddress source);

        /**
         * @param length the bytes received of a datagram longer than the receive buffer (dropped).
         */
        void onTruncated(int length);
    }

    /**
     * @return the bound address.
     * @throws IOException when it cannot be read.
     */
    InetSocketAddress localAddress() throws IOException;

    /**
     * @return the receive buffer size the OS granted.
     * @throws IOException when it cannot be read.
     */
    int receiveBufferBytes() throws IOException;

    /**
     * Take up to {@code max} datagrams that are waiting, without blocking.
     *
     * @param handler gets each datagram.
     * @param max     most datagrams to take.
     * @return datagrams taken; fewer than {@code max} means the socket ran dry.
     * @throws IOException when receiving fails.
     */
    int receive(Handler handler, int max) throws IOException;

    /**
     * Wait until a datagram is waiting, {@link #wakeup()} is called, or the time has passed.
     *
     * @param timeoutMillis longest wait.
     * @throws IOException when waiting fails.
     */
    void await(long timeoutMillis) throws IOException;

    /**
     * Make a thread in {@link #await(long)} return soon (at the latest after its timeout).
     */
    void wakeup();

    /**
     * @return a short name of the implementation for logs.
     */
    String kind();

    /**
     * Release the socket. Never throws.
     */
    @Override
    void close();
}
