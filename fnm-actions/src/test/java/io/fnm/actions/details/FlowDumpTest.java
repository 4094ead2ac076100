package io.fnm.actions.details;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackReport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FlowDumpTest
{
    private static final Attack ATTACK = Attack.builder().address(IpAddresses.parseLiteral("10.0.0.5")).build();

    @Test
    void shouldGroupRecordsIntoFlowsScaledBySamplingWhenHostIsAttacked()
    {
        final List<TrafficRecord> records = List.of(
            record("198.51.100.1", "10.0.0.5", TrafficRecord.PROTOCOL_UDP, 1234, 53, 10),
            record("198.51.100.1", "10.0.0.5", TrafficRecord.PROTOCOL_UDP, 1234, 53, 10),
            record("10.0.0.5", "203.0.113.9", TrafficRecord.PROTOCOL_TCP, 80, 5555, 1),
            record("192.0.2.1", "192.0.2.2", TrafficRecord.PROTOCOL_TCP, 1, 2, 1));

        assertThat(FlowDump.of(ATTACK, records, 10)).isEqualTo(
            "Incoming\n\nUDP flows: 1\n10.0.0.5:53 < 198.51.100.1:1234 2000 bytes 20 packets\n\n" +
            "\nOutgoing\n\nTCP flows: 1\n10.0.0.5:80 > 203.0.113.9:5555 100 bytes 1 packets\n\n");
    }

    @Test
    void shouldCropListWithFastNetMonLineWhenThereAreMoreFlowsThanLines()
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            records.add(record("198.51.100." + (i + 1), "10.0.0.5", TrafficRecord.PROTOCOL_UDP, 1000, 53, 1));
        }

        final String dump = FlowDump.of(ATTACK, records, 3);

        assertThat(dump).startsWith("Incoming\n\nUDP flows: 5\n").endsWith(FlowDump.CROPPED + "\n\n");
        assertThat(dump.lines().filter(line -> line.contains(" < "))).hasSize(3);
    }

    @Test
    void shouldSayManuallyTriggeredWhenBanIsManual()
    {
        final Attack manual = ATTACK.toBuilder().manual(true).build();

        assertThat(FlowDump.of(manual, List.of(), 10)).isEqualTo(AttackReport.MANUAL_FLOW_DUMP);
    }

    private static TrafficRecord record(final String src, final String dst, final int protocol, final int srcPort,
        final int dstPort, final long ratio)
    {
        return new TrafficRecord().ipv4(IpAddresses.parseIpv4(src), IpAddresses.parseIpv4(dst)).protocol(protocol)
            .ports(srcPort, dstPort).packets(1).bytes(100).samplingRatio(ratio);
    }
}
