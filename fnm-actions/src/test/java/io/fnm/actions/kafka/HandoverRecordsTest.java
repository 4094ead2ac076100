package io.fnm.actions.kafka;

import io.fnm.capture.IpAddresses;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import io.fnm.core.HostHandover;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values of the hand-over topics: bans ({@link BanRecord}, versions 2 and 1) and averages checkpoints
 * ({@link AveragesCheckpoint}); anything else is dropped.
 */
class HandoverRecordsTest
{
    private static final byte[] V4 = {10, 0, 0, 7};
    private static final byte[] V6 = IpAddresses.parseLiteral("2001:db8::5").getAddress();

    private static BanEntry ntpAmplification()
    {
        final Attack attack = Attack.builder().uuid(UUID.fromString("1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b"))
            .address(IpAddresses.parseLiteral("2001:db8::5")).direction(Direction.INCOMING)
            .firedDirections(EnumSet.of(Direction.INCOMING, Direction.OUTGOING)).protocol(AttackProtocol.UDP)
            .type(AttackType.NTP_AMPLIFICATION).threshold(ThresholdKind.UDP_PPS).hostgroup("customers")
            .customerNetwork(IpPrefix.parse("2001:db8::/32")).initialPowerPps(50_000).peakPowerPps(90_000)
            .detectedAtMillis(1_700_000_000_000L).banTimeSeconds(1900).build();
        return new BanEntry(attack, 1_700_000_000_000L, 1_700_000_001_901L);
    }

    @Test
    void shouldGiveBackTheWholeBanWhenVersion2IsDecoded()
    {
        final BanEntry ban = ntpAmplification();

        final BanEntry read = BanRecord.decode(V6, BanRecord.encode(ban));

        assertThat(read.toString()).isEqualTo(ban.toString());
        assertThat(read.attack().firedDirections()).isEqualTo(ban.attack().firedDirections());
        assertThat(read.attack().threshold()).isEqualTo(ThresholdKind.UDP_PPS);
        assertThat(read.attack().customerNetwork()).isEqualTo(ban.attack().customerNetwork());
        assertThat(read.attack().detectedAtMillis()).isEqualTo(ban.attack().detectedAtMillis());
        assertThat(read.attack().banTimeSeconds()).isEqualTo(1900);
        assertThat(read.manual()).isFalse();
        assertThat(read.attack().reason()).isEmpty();
    }

    @Test
    void shouldKeepManualAndReasonWhenAManualBanIsEncoded()
    {
        final Attack manual = Attack.builder().address(IpAddresses.parseLiteral("10.0.0.7")).manual(true)
            .reason("ticket 42").build();

        final BanEntry read = BanRecord.decode(V4, BanRecord.encode(new BanEntry(manual, 5, Long.MAX_VALUE)));

        assertThat(read.manual()).isTrue();
        assertThat(read.attack().reason()).contains("ticket 42");
        assertThat(read.attack().threshold()).isNull();
        assertThat(read.unbanAt()).isEmpty();
    }

    @Test
    void shouldReadAVersion1ValueAsADetectedBanWithItsDirectionAndType()
    {
        final byte[] type = "syn_flood".getBytes(StandardCharsets.UTF_8);
        final byte[] v1 = ByteBuffer.allocate(18 + type.length).put((byte)1).putLong(1000).putLong(21_001)
            .put((byte)Direction.INCOMING.ordinal()).put(type).array();

        final BanEntry read = BanRecord.decode(V4, v1);

        assertThat(read.manual()).isFalse();
        assertThat(read.attack().type()).isEqualTo(AttackType.SYN_FLOOD);
        assertThat(read.attack().direction()).isEqualTo(Direction.INCOMING);
        assertThat(read.bannedAtMillis()).isEqualTo(1000);
        assertThat(read.unbanAtMillis()).isEqualTo(21_001);
    }

    @Test
    void shouldDropABanWhenKeyOrValueIsMalformed()
    {
        final byte[] good = BanRecord.encode(ntpAmplification());
        final byte[] badDirection = good.clone();
        badDirection[2] = 9;
        final byte[] badType = good.clone();
        badType[70] = 'X';
        final byte[] badStringLength = good.clone();
        badStringLength[good.length - 1] = 'x';

        assertThat(BanRecord.decode(new byte[5], good)).isNull();
        assertThat(BanRecord.decode(null, good)).isNull();
        assertThat(BanRecord.decode(V6, new byte[0])).isNull();
        assertThat(BanRecord.decode(V6, new byte[] {3, 0, 0})).isNull();
        assertThat(BanRecord.decode(V6, badDirection)).isNull();
        assertThat(BanRecord.decode(V6, badType)).isNull();
        assertThat(BanRecord.decode(V6, badStringLength)).isNull();
        assertThat(BanRecord.decode(V6, Arrays.copyOf(good, good.length - 1))).isNull();
        assertThat(BanRecord.decode(V6, Arrays.copyOf(good, good.length + 1))).isNull();
        assertThat(BanRecord.decode(V6, Arrays.copyOf(good, 40))).isNull();
    }

    @Test
    void shouldDropEveryRandomValueWithoutThrowing()
    {
        final Random random = new Random(14);
        for (int i = 0; i < 10_000; i++)
        {
            final byte[] value = new byte[1 + random.nextInt(120)];
            random.nextBytes(value);
            value[0] = (byte)(1 + random.nextInt(2));
            final BanEntry ban = BanRecord.decode(V4, value);
            if (ban != null)
            {
                // only a version 1 value of 18 bytes or more with a direction below 4 is valid (its type unknown)
                assertThat(value[0]).isEqualTo((byte)1);
                assertThat(value.length).isGreaterThanOrEqualTo(18);
                assertThat(value[17]).isBetween((byte)0, (byte)3);
            }
            assertThat(AveragesCheckpoint.decode(value)).isNull();
        }
    }

    @Test
    void shouldGiveBackEveryHostAndAverageWhenACheckpointIsDecoded()
    {
        final long[] busy = new long[HostHandover.VALUES];
        for (int k = 0; k < busy.length; k++)
        {
            busy[k] = k % 3 == 0 ? 0 : 0xFFFFFFFFL - k * 1_000_003L;
        }
        final long[] quiet = new long[HostHandover.VALUES];
        final AveragesCheckpoint.Writer writer = new AveragesCheckpoint.Writer(7, 1_700_000_005_000L,
            AveragesCheckpoint.HANDED_OVER);
        writer.add(V4, busy);
        writer.add(V6, quiet);

        final List<byte[]> chunks = writer.finish();

        assertThat(chunks).hasSize(1);
        final AveragesCheckpoint.Chunk chunk = AveragesCheckpoint.decode(chunks.get(0));
        assertThat(chunk.partition()).isEqualTo(7);
        assertThat(chunk.index()).isZero();
        assertThat(chunk.count()).isEqualTo(1);
        assertThat(chunk.tickMillis()).isEqualTo(1_700_000_005_000L);
        assertThat(chunk.handedOver()).isTrue();
        assertThat(chunk.addresses()).containsExactly(V4, V6);
        assertThat(chunk.averages()).containsExactly(busy, quiet);
        assertThat(chunks.get(0).length).isEqualTo(AveragesCheckpoint.HEADER + 9 + 21 + 20 * 5);
    }

    @Test
    void shouldSplitACheckpointIntoNumberedChunksOfBoundedSize()
    {
        final long[] averages = new long[HostHandover.VALUES];
        Arrays.fill(averages, 0xFFFFFFFFL);
        final AveragesCheckpoint.Writer writer = new AveragesCheckpoint.Writer(3, 1, 0);
        final int hosts = 5000;
        for (int h = 0; h < hosts; h++)
        {
            writer.add(ByteBuffer.allocate(16).putInt(12, h).array(), averages);
        }

        final List<byte[]> chunks = writer.finish();

        assertThat(chunks).hasSizeGreaterThan(1);
        int read = 0;
        for (int i = 0; i < chunks.size(); i++)
        {
            assertThat(chunks.get(i).length).isLessThanOrEqualTo(AveragesCheckpoint.CHUNK_BYTES + 171);
            final AveragesCheckpoint.Chunk chunk = AveragesCheckpoint.decode(chunks.get(i));
            assertThat(chunk.index()).isEqualTo(i);
            assertThat(chunk.count()).isEqualTo(chunks.size());
            read += chunk.addresses().size();
        }
        assertThat(read).isEqualTo(hosts);
    }

    @Test
    void shouldDropACheckpointChunkWhenItIsMalformed()
    {
        final long[] averages = new long[HostHandover.VALUES];
        averages[0] = 300;
        final AveragesCheckpoint.Writer writer = new AveragesCheckpoint.Writer(2, 1, 0);
        writer.add(V4, averages);
        final byte[] good = writer.finish().get(0);
        final byte[] badVersion = good.clone();
        badVersion[0] = 2;
        final byte[] badLength = good.clone();
        badLength[AveragesCheckpoint.HEADER] = 5;
        final byte[] badMask = good.clone();
        badMask[AveragesCheckpoint.HEADER + 5] = (byte)0xC0;
        final byte[] tooManyHosts = good.clone();
        ByteBuffer.wrap(tooManyHosts).putInt(18, 2);
        final byte[] badIndex = good.clone();
        ByteBuffer.wrap(badIndex).putShort(2, (short)1);

        assertThat(AveragesCheckpoint.decode(good)).isNotNull();
        for (final byte[] bad : List.of(badVersion, badLength, badMask, tooManyHosts, badIndex,
            Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length + 1), new byte[3]))
        {
            assertThat(AveragesCheckpoint.decode(bad)).isNull();
        }
        assertThat(AveragesCheckpoint.decode(null)).isNull();
        assertThat(AveragesCheckpoint.partitionOf(new byte[] {1, 2})).isEqualTo(-1);
        assertThat(AveragesCheckpoint.partitionOf(AveragesCheckpoint.key(11, 4))).isEqualTo(11);
        assertThat(AveragesCheckpoint.chunkOf(AveragesCheckpoint.key(11, 4))).isEqualTo(4);
    }
}
