package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;

import java.util.Map;

/**
 * The capture contract for {@code mirror} (PF_RING), against the gcc-built stub library ({@link PfRingStub}).
 */
class PfRingCaptureSourceContractTest extends CaptureSourceContractTest
{
    private final PfRingStub.Control stub = PfRingStub.control();

    @Override
    protected CaptureSourceProvider provider()
    {
        return new PfRingCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("mirror", "on", "interfaces", "eth0"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started)
    {
        for (final byte[] frame : NetNamespace.udpFrames(10, "10.0.0.1"))
        {
            stub.pfring_stub_add_frame(frame, frame.length, 1_700_000_000L, 0);
        }
    }
}
