package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class NetflowCollectorTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    @Test
    void shouldReceiveV5V9AndIpfixFromTheGeneratorOnTwoPorts() throws Exception
    {
        final ConfigView config = ConfigView.of(Map.of(
            "netflow", "on", "netflow_port", "0,0", "netflow_host", "127.0.0.1", "netflow_sampling_ratio", "7"));
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            records.add(new TrafficRecord().ipv4(0x0A000001 + i, 0xC0000201).ports(1000 + i, 53).protocol(17)
                .packets(1).bytes(100));
        }
        try (NetflowCollector collector = new NetflowCollector(NetflowSettings.from(config)))
        {
            collector.start(context);
            final List<InetSocketAddress> addresses = collector.localAddresses();
            assertThat(addresses).hasSize(2);
            final NetflowGenerator generator = new NetflowGenerator(3, 0);
            final ByteBuffer buffer = ByteBuffer.allocate(2048);
            try (NetflowUdpSender first = new NetflowUdpSender(
                new InetSocketAddress("127.0.0.1", addresses.get(0).getPort()));
                NetflowUdpSender second = new NetflowUdpSender(
                    new InetSocketAddress("127.0.0.1", addresses.get(1).getPort())))
            {
                generator.writeV5(buffer.clear(), records, 0, 100, 1_700_000_000_000L);
                first.send(buffer.flip());
                generator.writeV9(buffer.clear(), records, 0, true, 0, 1_700_000_000_000L);
                first.send(buffer.flip());
                generator.writeIpfix(buffer.clear(), records, 0, true, 10, 1_700_000_000_000L);
                second.send(buffer.flip());
            }
            final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            while (context.records().size() < 30 && System.currentTimeMillis() < deadline)
            {
                TimeUnit.MILLISECONDS.sleep(10); // waiting for the kernel's loopback, not for a tick
            }
            final List<TrafficRecord> received = context.records();
            assertThat(received).hasSize(30);
            assertThat(received).extracting(TrafficRecord::samplingRatio).containsOnly(100L, 7L, 10L);
            assertThat(collector.counter(NetflowCounter.RECORDS)).isEqualTo(30);
            assertThat(collector.exporterStats()).hasSize(2);
        }
        for (final Thread thread : context.threads())
        {
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(context.errors()).isEmpty();
    }
}
