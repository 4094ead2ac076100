package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;

import java.util.Map;

/**
 * The capture contract for {@code mirror_netmap}, against the gcc-built stub of the netmap ABI ({@link NetmapStub}).
 */
class NetmapCaptureSourceContractTest extends CaptureSourceContractTest
{
    private final NetmapStub.Control stub = NetmapStub.control();

    @Override
    protected CaptureSourceProvider provider()
    {
        return new NetmapCaptureSourceProvider();
    }

    @Override
    protected ConfigView enablingConfig()
    {
        return ConfigView.of(Map.of("mirror_netmap", "on", "interfaces", "eth0"));
    }

    @Override
    protected void sendTraffic(final CaptureSource started)
    {
        for (final byte[] frame : NetNamespace.udpFrames(10, "10.0.0.1"))
        {
            stub.netmap_stub_add_frame(frame, frame.length);
        }
    }
}
