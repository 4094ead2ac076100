package io.fnm.capture.sflow;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.sflow.generator.SflowUdpSender;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SflowLoopbackCollectorTest
{
    private static final int SAMPLES = 200;

    @Test
    void shouldDeliverEveryGeneratedSampleWithItsSamplingRateAndCountItsAgent() throws Exception
    {
        final ConfigView config = ConfigView.of(Map.of("sflow", "on", "sflow_port", "0", "sflow_host", "127.0.0.1"));
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        try (SflowCollector source = (SflowCollector)new SflowCaptureSourceProvider().create(config))
        {
            source.start(context);
            final int port = source.boundPorts().get(0);
            try (SflowUdpSender sender = new SflowUdpSender(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                port), IpAddresses.parseIpv4("192.0.2.7"), 1000, 5))
            {
                sender.send(SAMPLES, record -> record
                    .ipv4(IpAddresses.parseIpv4("198.51.100.1"), IpAddresses.parseIpv4("203.0.113.9"))
                    .protocol(TrafficRecord.PROTOCOL_TCP).ports(40000, 80).tcpFlags(TrafficRecord.TCP_SYN).bytes(60));
            }
            final long deadline = System.currentTimeMillis() + 10_000;
            while (context.records().size() < SAMPLES && System.currentTimeMillis() < deadline)
            {
                TimeUnit.MILLISECONDS.sleep(5); // waiting for the loopback socket, not for a tick
            }

            final List<TrafficRecord> records = context.records();
            assertThat(records).hasSize(SAMPLES);
            assertThat(records).allSatisfy(record ->
            {
                assertThat(record.samplingRatio()).isEqualTo(1000);
                assertThat(record.isTcpSyn()).isTrue();
                assertThat(record.dstPort()).isEqualTo(80);
                assertThat(record.bytes()).isEqualTo(60);
                assertThat(IpAddresses.ipv4ToString(record.agentIpv4())).isEqualTo("192.0.2.7");
            });
            final SflowAgentStats agent = source.agentStats().get(0);
            assertThat(agent.agent()).isEqualTo("192.0.2.7");
            assertThat(agent.flowSamples()).isEqualTo(SAMPLES);
            assertThat(agent.samplingRates()).containsEntry(1000L, (long)SAMPLES);
            assertThat(context.errors()).isEmpty();
        }
    }
}
