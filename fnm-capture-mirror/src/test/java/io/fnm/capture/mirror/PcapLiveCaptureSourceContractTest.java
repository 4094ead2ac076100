package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/**
 * The capture contract for {@code pcap}, on a veth pair in a namespace of its own (each test's thread moved into it).
 */
class PcapLiveCaptureSourceContractTest extends CaptureSourceContractTest
{
    @RegisterExtension
    static final VethFixture VETH = VethFixture.enteredByEachTest();

    @Override
    protected CaptureSourceProvider provider()
    {
        return new PcapLiveCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("pcap", "on", "interfaces", NetNamespace.CAPTURE, "pcap_filter", "udp"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started) throws Exception
    {
        VethFixture.sendFewFramesFromHere();
    }
}
