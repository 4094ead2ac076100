package io.fnm.capture.netflow;

import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NetflowThreadsTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65", "two"})
    void shouldRejectAThreadCountOutOfRangeNamingTheKey(final String value)
    {
        assertThatThrownBy(() -> NetflowSettings.from(ConfigView.of(Map.of(NetflowSettings.THREADS_KEY, value))))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining(NetflowSettings.THREADS_KEY);
    }

    @Test
    void shouldDefaultToOneThreadPerPort()
    {
        assertThat(NetflowSettings.from(ConfigView.EMPTY).threads()).isEqualTo(1);
    }

    @Test
    void shouldKeepEveryExportersTemplatesAndDataOnOneOfSeveralSockets() throws Exception
    {
        try (DatagramChannel probe = DatagramChannel.open())
        {
            assumeTrue(probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT));
        }
        final ConfigView config = ConfigView.of(Map.of(
            "netflow_port", "0", "netflow_host", "127.0.0.1", NetflowSettings.THREADS_KEY, "4"));
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final int exporters = 16;
        final int dataDatagrams = 10;
        final List<TrafficRecord> records = List.of(new TrafficRecord().ipv4(0xC6336401, 0x0A000001)
            .ports(40000, 80).protocol(TrafficRecord.PROTOCOL_TCP).packets(1).bytes(60));
        try (NetflowCollector collector = new NetflowCollector(NetflowSettings.from(config)))
        {
            collector.start(context);
            assertThat(collector.receiver().threads()).hasSize(4);
            final InetSocketAddress target = collector.localAddresses().get(0);
            final List<NetflowUdpSender> senders = new ArrayList<>();
            try
            {
                final ByteBuffer buffer = ByteBuffer.allocate(NetflowGenerator.MAX_DATAGRAM);
                for (int e = 0; e < exporters; e++)
                {
                    final NetflowUdpSender sender = new NetflowUdpSender(target);
                    senders.add(sender);
                    final NetflowGenerator generator = new NetflowGenerator(100 + e, 0);
                    generator.writeV9(buffer.clear(), records, 0, true, 0, 1_700_000_000_000L);
                    sender.send(buffer.flip());
                    for (int d = 0; d < dataDatagrams; d++)
                    {
                        generator.writeV9(buffer.clear(), records, 0, false, 0, 1_700_000_000_000L);
                        sender.send(buffer.flip());
                    }
                }
            }
            finally
            {
                closeAll(senders);
            }
            final int expected = exporters * (dataDatagrams + 1);
            final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            while (collector.counter(NetflowCounter.DATAGRAMS) < expected && System.currentTimeMillis() < deadline)
            {
                TimeUnit.MILLISECONDS.sleep(5); // waiting for the kernel's loopback, not for a tick
            }
            assertThat(collector.counter(NetflowCounter.UNKNOWN_TEMPLATE)).isZero();
            assertThat(collector.counter(NetflowCounter.RECORDS)).isEqualTo(expected);
            assertThat(context.errors()).isEmpty();
        }
    }

    private static void closeAll(final List<NetflowUdpSender> senders) throws IOException
    {
        for (final NetflowUdpSender sender : senders)
        {
            sender.close();
        }
    }
}
