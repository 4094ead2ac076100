package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * The capture contract for {@code mirror_afpacket}, on a veth pair in a namespace of its own: each test runs on a
 * thread moved into the namespace, so the source's sockets open there.
 */
class AfPacketCaptureSourceContractTest extends CaptureSourceContractTest
{
    @RegisterExtension
    static final VethFixture VETH = VethFixture.enteredByEachTest();

    @Override
    protected CaptureSourceProvider provider()
    {
        return new AfPacketCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("mirror_afpacket", "on", "interfaces", NetNamespace.CAPTURE,
            "mirror_af_packet_threads", "2", "mirror_af_packet_block_count", "4"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started) throws Exception
    {
        VethFixture.sendFewFramesFromHere();
    }
}
