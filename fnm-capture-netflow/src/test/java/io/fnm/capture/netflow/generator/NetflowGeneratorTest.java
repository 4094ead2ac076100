package io.fnm.capture.netflow.generator;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NetflowGeneratorTest
{
    @Test
    void shouldWriteTheV9RecordCountOfRfc3954()
    {
        final NetflowGenerator generator = new NetflowGenerator(7, 1_700_000_000_000L);
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 10; i++)
        {
            records.add(new TrafficRecord().ipv4(IpAddresses.parseIpv4("192.0.2.1"), 0x0A000000 + i)
                .protocol(TrafficRecord.PROTOCOL_UDP).ports(1000, 53).packets(1).bytes(60).samplingRatio(1));
        }
        final ByteBuffer withTemplates = ByteBuffer.allocate(NetflowGenerator.MAX_DATAGRAM);
        final ByteBuffer dataOnly = ByteBuffer.allocate(NetflowGenerator.MAX_DATAGRAM);

        generator.writeV9(withTemplates, records, 0, true, 100, 1_700_000_001_000L);
        generator.writeV9(dataOnly, records, 0, false, 0, 1_700_000_001_000L);

        // two data templates, one options template, one options record, ten data records
        assertThat(withTemplates.getShort(2)).isEqualTo((short)14);
        assertThat(dataOnly.getShort(2)).isEqualTo((short)10);
    }
}
