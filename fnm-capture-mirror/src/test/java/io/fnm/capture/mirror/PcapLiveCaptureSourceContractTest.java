package io.fnm.capture.mirror;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.testkit.CaptureSourceContractTest;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/**
 * The capture contract for {@code pcap}, on a veth pair in a namespace of its own (each test's thread moved into it).
 */
class PcapLiveCaptureSourceContractTest extends CaptureSourceContractTest
{
    private static NetNamespace namespace;

    @BeforeAll
    static void createNamespace()
    {
        namespace = NetNamespace.create();
    }

    @AfterAll
    static void deleteNamespace()
    {
        if (namespace != null)
        {
            namespace.close();
        }
    }

    @BeforeEach
    void enterNamespace()
    {
        namespace.enter();
    }

    @AfterEach
    void leaveNamespace()
    {
        namespace.leave();
    }

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
        try (NetNamespace.Sender sender = new NetNamespace.Sender())
        {
            sender.sendAll(NetNamespace.udpFrames(10, "10.0.0.1"));
        }
    }
}
