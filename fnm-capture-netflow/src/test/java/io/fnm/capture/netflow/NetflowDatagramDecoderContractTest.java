package io.fnm.capture.netflow;

import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.udp.DatagramDecoder;
import io.fnm.capture.testkit.DatagramDecoderContractTest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

class NetflowDatagramDecoderContractTest extends DatagramDecoderContractTest
{
    private static final long EXPORT_MILLIS = 1_700_000_000_000L;

    @Override
    protected DatagramDecoder newDecoder()
    {
        return new NetflowDatagramDecoder(NetflowSettings.defaults(), Clock.SYSTEM);
    }

    @Override
    protected List<byte[]> validDatagrams()
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            records.add(new TrafficRecord().ipv4(0xC6336401 + i, 0x0A000001).ports(40000 + i, 80)
                .protocol(TrafficRecord.PROTOCOL_TCP).tcpFlags(TrafficRecord.TCP_SYN).packets(3).bytes(180)
                .flowTimes(EXPORT_MILLIS - 2000, EXPORT_MILLIS - 1000));
        }
        records.add(new TrafficRecord().ipv6(0x20010DB800000000L, 1, 0x20010DB800000000L, 2).ports(53, 5353)
            .protocol(TrafficRecord.PROTOCOL_UDP).packets(1).bytes(90)
            .flowTimes(EXPORT_MILLIS - 2000, EXPORT_MILLIS - 1000));
        final NetflowGenerator generator = new NetflowGenerator(7, EXPORT_MILLIS - 3_600_000);
        final ByteBuffer buffer = ByteBuffer.allocate(NetflowGenerator.MAX_DATAGRAM * 2);
        final List<byte[]> datagrams = new ArrayList<>();
        generator.writeV5(buffer.clear(), records, 0, 10, EXPORT_MILLIS);
        datagrams.add(Arrays.copyOf(buffer.array(), buffer.position()));
        generator.writeV9(buffer.clear(), records, 0, true, 100, EXPORT_MILLIS);
        datagrams.add(Arrays.copyOf(buffer.array(), buffer.position()));
        generator.writeIpfix(buffer.clear(), records, 0, true, 1000, EXPORT_MILLIS);
        datagrams.add(Arrays.copyOf(buffer.array(), buffer.position()));
        return datagrams;
    }
}
