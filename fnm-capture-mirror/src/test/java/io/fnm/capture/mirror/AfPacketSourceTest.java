package io.fnm.capture.mirror;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.spi.CaptureContext;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import io.fnm.core.BanEntry;
import io.fnm.core.DetectionEngine;
import io.fnm.core.config.FastNetMonConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AfPacketSourceTest
{
    @RegisterExtension
    static final VethFixture VETH = VethFixture.perClass();

    @TempDir
    Path dir;

    private static ConfigView config(final String... extra)
    {
        return VethFixture.config(Map.of("mirror_afpacket", "on", "interfaces", NetNamespace.CAPTURE,
            "mirror_af_packet_threads", "1"), extra);
    }

    private static AfPacketSource start(final ConfigView config, final CaptureContext context) throws Exception
    {
        return VETH.start(new AfPacketSource(AfPacketSettings.from(config)), context);
    }

    @Test
    void shouldCountAndParseFramesWrittenIntoTheOtherEnd() throws Exception
    {
        final RecordingCaptureContext context = new RecordingCaptureContext(config());
        final List<byte[]> frames = NetNamespace.udpFrames(500, "10.0.0.9");
        frames.add(Frames.ipv4("198.51.100.1", "10.0.0.8").vlan(42).tcp(1234, 80, 0x02).build());
        try (AfPacketSource source = start(config(), context);
            NetNamespace.Sender sender = VETH.sender())
        {
            sender.sendAll(frames);
            Await.until(() -> context.records().size() >= frames.size());

            assertThat(source.mirrorCounters().frames()).isEqualTo(frames.size());
            assertThat(context.records()).hasSize(frames.size());
            assertThat(context.records().get(0).dstIpv4()).isEqualTo(IpAddresses.parseIpv4("10.0.0.9"));
            assertThat(context.records().get(0).dstPort()).isEqualTo(53);
            final TrafficRecord tagged = context.records().get(frames.size() - 1);
            assertThat(tagged.vlan()).as("tag the kernel took out, put back").isEqualTo(42);
            assertThat(tagged.isTcpSyn()).isTrue();
            assertThat(context.errors()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(FanoutMode.class)
    void shouldDeliverEveryFrameOnceAcrossTheFanoutGroup(final FanoutMode mode) throws Exception
    {
        final ConfigView config = config("mirror_af_packet_threads", "2", "mirror_af_packet_fanout_mode",
            mode.text());
        final RecordingCaptureContext context = new RecordingCaptureContext(config);
        final List<byte[]> frames = NetNamespace.udpFrames(1000, "10.0.0.9");
        try (AfPacketSource source = start(config, context);
            NetNamespace.Sender sender = VETH.sender())
        {
            sender.sendAll(frames);
            Await.until(() -> source.mirrorCounters().frames() >= frames.size());
            TimeUnit.MILLISECONDS.sleep(200); // a duplicate would arrive within this

            assertThat(source.mirrorCounters().frames()).isEqualTo(frames.size());
            assertThat(source.mirrorCounters().framesPerThread()).hasSize(2);
            if (mode == FanoutMode.LB)
            {
                assertThat(source.mirrorCounters().framesPerThread()).containsExactly(500L, 500L);
            }
        }
    }

    @Test
    void shouldAllocateNothingPerFrameOnTheCaptureThread() throws Exception
    {
        final CountingCaptureContext context = new CountingCaptureContext(config(), false);
        final List<byte[]> frames = NetNamespace.udpFrames(20_000, "10.0.0.9");
        final long allocated = VETH.bytesAllocatedForSecondBatch(
            new AfPacketSource(AfPacketSettings.from(config())), context, frames);

        assertThat(allocated).as("bytes allocated for 20 000 frames").isLessThan(4096);
    }

    @Test
    void shouldRefuseAnUnknownFanoutModeNamingTheKey()
    {
        assertThatThrownBy(() -> AfPacketSettings.from(config("mirror_af_packet_fanout_mode", "on")))
            .isInstanceOf(ConfigException.class).hasMessageContaining("mirror_af_packet_fanout_mode");
    }

    @Test
    void shouldFailToStartNamingTheInterfaceWhenItDoesNotExist()
    {
        final ConfigView config = config("interfaces", "nosuch0");

        assertThatThrownBy(() -> start(config, new RecordingCaptureContext(config)))
            .hasMessageContaining("nosuch0");
    }

    @Test
    void shouldReportKernelDropsWhenTheRingOverflows() throws Exception
    {
        final ConfigView config = config("mirror_af_packet_block_size", "4096", "mirror_af_packet_block_count", "2");
        final CountingCaptureContext context = new CountingCaptureContext(config, true);
        final List<byte[]> frames = NetNamespace.udpFrames(2000, "10.0.0.9");
        final AfPacketSource source = start(config, context);
        try (NetNamespace.Sender sender = VETH.sender())
        {
            sender.sendAll(frames);
        }
        finally
        {
            context.release();
        }
        Await.until(() -> source.mirrorCounters().frames() + source.mirrorCounters().kernelDrops() >= frames.size());
        source.close();

        assertThat(source.mirrorCounters().kernelDrops()).isPositive();
        assertThat(source.mirrorCounters().frames() + source.mirrorCounters().kernelDrops())
            .isEqualTo(frames.size());
    }

    @Test
    void shouldBanASynFloodWrittenIntoTheVethWithItsAddressDirectionAndType() throws Exception
    {
        final Path networks = Files.writeString(dir.resolve("networks_list"), "10.0.0.0/16\n");
        final Path file = Files.writeString(dir.resolve("fastnetmon.conf"),
            "networks_list_path = " + networks + "\nenable_ban = on\nban_for_pps = on\nthreshold_pps = 1000\n" +
            "average_calculation_time = 1\nmirror_afpacket = on\ninterfaces = v0\nmirror_af_packet_threads = 2\n" +
            "mirror_af_packet_fanout_mode = hash\n");
        final ManualClock clock = new ManualClock(1_800_000_000_000L);
        final AfPacketSource source = new AfPacketSource(AfPacketSettings.from(FastNetMonConfig.parse(file)));
        final List<byte[]> flood = new ArrayList<>();
        for (int i = 0; i < 3000; i++)
        {
            flood.add(Frames.ipv4("203.0.113." + (1 + i % 250), "10.0.0.77").tcp(1024 + i, 80, 0x02).build());
        }
        try (DetectionEngine engine = DetectionEngine.builder(FastNetMonConfig.load(file)).clock(clock)
            .tickThread(false).discoverProviders(false).captureSource(source).build();
            NetNamespace.Sender sender = VETH.sender())
        {
            VETH.call(() ->
            {
                engine.start();
                return null;
            });
            assertThat(engine.problems()).isEmpty();
            for (int second = 1; second <= 5 && engine.banList().isEmpty(); second++)
            {
                final long expected = (long)second * flood.size();
                sender.sendAll(flood);
                Await.until(() -> source.mirrorCounters().records() >= expected);
                clock.advanceSeconds(1);
                engine.tick();
            }

            final List<BanEntry> bans = engine.banList();
            assertThat(bans).singleElement().satisfies(ban ->
            {
                assertThat(ban.attack().ip()).isEqualTo("10.0.0.77");
                assertThat(ban.attack().direction().text()).isEqualTo("incoming");
                assertThat(ban.attack().type().text()).isEqualTo("syn_flood");
            });
        }
    }
}
