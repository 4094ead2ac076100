package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.config.ConfigView;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

class NetflowCaptureSourceContractTest extends CaptureSourceContractTest
{
    @Override
    protected CaptureSourceProvider provider()
    {
        return new NetflowCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("netflow", "on", "netflow_port", "0", "netflow_host", "127.0.0.1"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started) throws Exception
    {
        final InetSocketAddress target = ((NetflowCollector)started).localAddresses().get(0);
        final TrafficRecord record = new TrafficRecord().ipv4(0x0A000001, 0x0A000002).ports(1234, 80).protocol(6)
            .packets(10).bytes(1000);
        final ByteBuffer buffer = ByteBuffer.allocate(2048);
        new NetflowGenerator(1, 0).writeV5(buffer, List.of(record), 0, 1, System.currentTimeMillis());
        buffer.flip();
        try (NetflowUdpSender sender = new NetflowUdpSender(
            new InetSocketAddress("127.0.0.1", target.getPort())))
        {
            sender.send(buffer);
        }
    }
}
