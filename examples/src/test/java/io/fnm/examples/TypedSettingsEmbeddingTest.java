package io.fnm.examples;

import io.fnm.actions.notify.NotifyScriptAction;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.NetflowCollector;
import io.fnm.capture.netflow.NetflowSettings;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.capture.sflow.SflowCollector;
import io.fnm.capture.sflow.SflowSettings;
import io.fnm.core.ComponentState;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.FileBanStore;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's typed-settings example (Embedding): the bundled NetFlow and sFlow collectors and the notify script set
 * up in code without a single key, plus a ban store; a NetFlow flood is banned and the script runs.
 */
class TypedSettingsEmbeddingTest
{
    private static final long STEP_MILLIS = 100;

    @TempDir
    Path dir;

    @Test
    void shouldBanTheFloodWithTheBundledProvidersSetUpInCode() throws Exception
    {
        final Path calls = dir.resolve("calls");
        final Path script = Files.writeString(dir.resolve("notify.sh"), "#!/bin/sh\necho \"$1 $4\" >> " + calls +
            "\ncat > /dev/null\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        final int netflowPort = EndToEndFixture.freeUdpPort();
        final EngineConfig config = EngineConfig.builder().networks(List.of(IpPrefix.parse("203.0.113.0/24")))
            .averageCalculationTimeSeconds(1).globalThresholds(Thresholds.builder().enableBan(true)
                .enable(ThresholdKind.PPS, true).value(ThresholdKind.PPS, EndToEndFixture.THRESHOLD_PPS).build())
            .build();

        try (DetectionEngine engine = DetectionEngine.builder(config)
            .captureSource(new NetflowCollector(NetflowSettings.builder()
                .ports(List.of(netflowPort)).host("127.0.0.1").build()))
            .captureSource(new SflowCollector(SflowSettings.builder()
                .ports(List.of(0)).host(InetAddress.getLoopbackAddress()).build()))
            .action("notify", NotifyScriptAction.builder(script).timeout(Duration.ofSeconds(10)).build())
            .banStore(new FileBanStore(dir.resolve("bans")))
            .build();
            NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress("127.0.0.1", netflowPort)))
        {
            engine.start();
            assertThat(engine.health().components()).hasSize(3)
                .allSatisfy(c -> assertThat(c.state()).isEqualTo(ComponentState.RUNNING));
            final NetflowGenerator generator = new NetflowGenerator(7, System.currentTimeMillis() - 60_000);
            final EndToEndFixture.TrafficPlan plan = new EndToEndFixture.TrafficPlan(1);
            final ByteBuffer datagram = ByteBuffer.allocate(65_507);
            final List<TrafficRecord> step = new ArrayList<>();
            final long deadline = System.currentTimeMillis() + 30_000;
            while (!(Files.exists(calls) && Files.readString(calls).contains(EndToEndFixture.UDP_VICTIM + " ban")) &&
                System.currentTimeMillis() < deadline)
            {
                step.clear();
                plan.step(STEP_MILLIS / 1000.0, record -> step.add(new TrafficRecord().copyFrom(record)));
                int next = 0;
                while (next < step.size())
                {
                    datagram.clear();
                    next = generator.writeV5(datagram, step, next, 1, System.currentTimeMillis());
                    datagram.flip();
                    sender.send(datagram);
                }
                Thread.sleep(STEP_MILLIS); // pacing the generator in real time
            }
            assertThat(calls).content().contains(EndToEndFixture.UDP_VICTIM + " ban");
        }
    }
}
