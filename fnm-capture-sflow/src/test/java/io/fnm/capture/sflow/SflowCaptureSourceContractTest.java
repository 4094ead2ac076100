package io.fnm.capture.sflow;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.sflow.generator.SflowUdpSender;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

class SflowCaptureSourceContractTest extends CaptureSourceContractTest
{
    private final int port = freePort();

    static int freePort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    protected CaptureSourceProvider provider()
    {
        return new SflowCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("sflow", "on", "sflow_port", Integer.toString(port), "sflow_host", "127.0.0.1",
            "sflow_socket_receive_buffer_bytes", "1048576"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started) throws Exception
    {
        try (SflowUdpSender sender = new SflowUdpSender(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), IpAddresses.parseIpv4("192.0.2.1"), 100, 1))
        {
            sender.send(3, record -> record.ipv4(IpAddresses.parseIpv4("10.0.0.1"), IpAddresses.parseIpv4("10.0.0.2"))
                .protocol(TrafficRecord.PROTOCOL_UDP).ports(1000, 53).bytes(100));
        }
    }
}
