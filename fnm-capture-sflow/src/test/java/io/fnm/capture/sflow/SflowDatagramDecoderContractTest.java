package io.fnm.capture.sflow;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.sflow.generator.SflowDatagramWriter;
import io.fnm.capture.udp.DatagramDecoder;
import io.fnm.capture.testkit.DatagramDecoderContractTest;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SflowDatagramDecoderContractTest extends DatagramDecoderContractTest
{
    @Override
    protected DatagramDecoder newDecoder()
    {
        return new SflowDatagramDecoder(SflowSettings.from(ConfigView.EMPTY));
    }

    @Override
    protected List<byte[]> validDatagrams()
    {
        final List<byte[]> datagrams = new ArrayList<>();
        final SflowDatagramWriter writer = new SflowDatagramWriter(IpAddresses.parseIpv4("192.0.2.7"))
            .samplingRate(512);
        final ByteBuffer buffer = ByteBuffer.allocate(1500);
        for (final int samples : new int[]{1, 7})
        {
            writer.begin(buffer.clear());
            for (int i = 0; i < samples; i++)
            {
                writer.addFlowSample(new TrafficRecord().ipv4(0xC6336401 + i, 0x0A000001).ports(40000 + i, 443)
                    .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_SYN).bytes(64).interfaces(1, 2));
            }
            final int length = writer.finish();
            datagrams.add(Arrays.copyOf(buffer.array(), length));
        }
        return datagrams;
    }

    @Test
    void shouldStampSampledRecordsWithTheArrivalTime()
    {
        final List<TrafficRecord> records = new ArrayList<>();
        newDecoder().decode(ByteBuffer.wrap(validDatagrams().get(0)), source(), ARRIVAL_MILLIS,
            record -> records.add(new TrafficRecord().copyFrom(record)));
        assertThat(records).extracting(TrafficRecord::timestampMillis).containsOnly(ARRIVAL_MILLIS);
    }
}
