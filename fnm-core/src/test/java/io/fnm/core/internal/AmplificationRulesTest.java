package io.fnm.core.internal;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AmplificationRulesTest
{
    private static final int VICTIM = IpAddresses.parseIpv4("10.0.0.5");
    private static final long VICTIM_LOW = VICTIM & 0xFFFFFFFFL;

    private static TrafficRecord toVictim(final int protocol, final int srcPort, final long packets, final long ratio)
    {
        return new TrafficRecord().ipv4(IpAddresses.parseIpv4("192.0.2.7"), VICTIM).protocol(protocol)
            .ports(srcPort, 33_000).packets(packets).bytes(packets * 1200).samplingRatio(ratio);
    }

    private static AttackType classifyIncoming(final List<TrafficRecord> records)
    {
        return AmplificationRules.classify(records, false, 0, VICTIM_LOW, Direction.INCOMING);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 19, 53, 69, 111, 123, 137, 161, 389, 520, 1434, 1900, 3283, 3702, 5353, 5683, 10001,
        11211})
    void shouldNameTheReflectorWhenItsSourcePortCarriesMostSampledPackets(final int port)
    {
        final List<TrafficRecord> records = List.of(toVictim(TrafficRecord.PROTOCOL_UDP, port, 3, 1),
            toVictim(TrafficRecord.PROTOCOL_TCP, 80, 1, 1));

        final AttackType type = classifyIncoming(records);

        assertThat(type).isNotNull();
        assertThat(type.amplificationSourcePort()).isEqualTo(port);
        assertThat(type.text()).endsWith("_amplification");
    }

    @Test
    void shouldWeighRecordsBySamplingRatio()
    {
        // two sampled NTP packets at 1:1000 outweigh 900 unsampled DNS packets
        final List<TrafficRecord> records = List.of(toVictim(TrafficRecord.PROTOCOL_UDP, 123, 1, 1000),
            toVictim(TrafficRecord.PROTOCOL_UDP, 123, 1, 1000), toVictim(TrafficRecord.PROTOCOL_UDP, 53, 900, 1));

        assertThat(classifyIncoming(records)).isEqualTo(AttackType.NTP_AMPLIFICATION);
    }

    @Test
    void shouldNotClassifyWhenThePortHasExactlyHalf()
    {
        final List<TrafficRecord> records = List.of(toVictim(TrafficRecord.PROTOCOL_UDP, 1900, 5, 1),
            toVictim(TrafficRecord.PROTOCOL_UDP, 40_000, 5, 1));

        assertThat(classifyIncoming(records)).isNull();
    }

    @Test
    void shouldNotClassifyTcpFromAReflectorPort()
    {
        assertThat(classifyIncoming(List.of(toVictim(TrafficRecord.PROTOCOL_TCP, 53, 10, 1)))).isNull();
    }

    @Test
    void shouldNotClassifyADominantPortThatIsNoReflector()
    {
        assertThat(classifyIncoming(List.of(toVictim(TrafficRecord.PROTOCOL_UDP, 4444, 10, 1)))).isNull();
    }

    @Test
    void shouldCountOnlyRecordsInTheAttackDirection()
    {
        final TrafficRecord reply = new TrafficRecord().ipv4(VICTIM, IpAddresses.parseIpv4("192.0.2.7"))
            .protocol(TrafficRecord.PROTOCOL_UDP).ports(53, 33_000).packets(100).bytes(100_000);
        final List<TrafficRecord> records = List.of(reply, toVictim(TrafficRecord.PROTOCOL_UDP, 40_000, 10, 1));

        assertThat(classifyIncoming(records)).isNull();
        assertThat(AmplificationRules.classify(records, false, 0, VICTIM_LOW, Direction.OUTGOING))
            .isEqualTo(AttackType.DNS_AMPLIFICATION);
    }

    @Test
    void shouldClassifyIpv6Records()
    {
        final long[] victim = IpAddresses.parseIpv6("2001:db8::5");
        final long[] reflector = IpAddresses.parseIpv6("2001:db9::53");
        final TrafficRecord record = new TrafficRecord().ipv6(reflector[0], reflector[1], victim[0], victim[1])
            .protocol(TrafficRecord.PROTOCOL_UDP).ports(389, 1234).packets(1).bytes(1400);

        assertThat(AmplificationRules.classify(List.of(record), true, victim[0], victim[1], Direction.INCOMING))
            .isEqualTo(AttackType.CLDAP_AMPLIFICATION);
    }

    @Test
    void shouldFindTheDominantReflectorInSeededRandomSamples()
    {
        final Random random = new Random(11);
        final int[] noisePorts = {53, 123, 1900, 40_000, 50_000};
        for (int round = 0; round < 200; round++)
        {
            final List<TrafficRecord> records = new ArrayList<>();
            final int noise = random.nextInt(20);
            long noiseWeight = 0;
            for (int i = 0; i < noise; i++)
            {
                final long ratio = 1 + random.nextInt(100);
                records.add(toVictim(TrafficRecord.PROTOCOL_UDP, noisePorts[random.nextInt(noisePorts.length)], 1,
                    ratio));
                noiseWeight += ratio;
            }
            // memcached carries more than all the noise together: it dominates whatever the noise ports are
            records.add(toVictim(TrafficRecord.PROTOCOL_UDP, 11211, noiseWeight + 1 + random.nextInt(50), 1));
            Collections.shuffle(records, random);

            assertThat(classifyIncoming(records)).as("round %d: %s", round, records)
                .isEqualTo(AttackType.MEMCACHED_AMPLIFICATION);
        }
    }

    @Test
    void shouldIgnoreAnEmptySample()
    {
        assertThat(classifyIncoming(List.of())).isNull();
    }
}
