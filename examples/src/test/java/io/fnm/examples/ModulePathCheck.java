package io.fnm.examples;

import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.spi.ServiceDiscovery;
import io.fnm.capture.udp.UdpReceiver;
import io.fnm.config.ConfigView;
import io.fnm.core.DetectionEngine;
import io.fnm.core.EngineConfig;
import io.fnm.core.spi.AttackActionProvider;
import io.fnm.core.spi.MetricsExporterProvider;

import java.util.Map;

/**
 * Run by {@link ModulePathIT} in a JVM that has the library jars on the module path: prints what an application on
 * the module path sees (whether the engine is in a named module, the providers found, whether recvmmsg loads, and
 * whether an engine with NetFlow on starts without problems).
 */
public final class ModulePathCheck
{
    private ModulePathCheck()
    {
    }

    /**
     * @param args the NetFlow port to bind.
     */
    public static void main(final String[] args)
    {
        final ClassLoader loader = ModulePathCheck.class.getClassLoader();
        System.out.println("engine module=" + DetectionEngine.class.getModule().getName());
        System.out.println("capture providers=" +
            ServiceDiscovery.load(CaptureSourceProvider.class, loader, (d, t) -> System.out.println("broken " + d))
                .size());
        System.out.println("action providers=" +
            ServiceDiscovery.load(AttackActionProvider.class, loader, (d, t) -> System.out.println("broken " + d))
                .size());
        System.out.println("metrics exporter providers=" +
            ServiceDiscovery.load(MetricsExporterProvider.class, loader, (d, t) -> System.out.println("broken " + d))
                .size());
        System.out.println("recvmmsg=" + UdpReceiver.isRecvmmsgAvailable());
        final EngineConfig config = EngineConfig.builder().network("10.0.0.0/8")
            .settings(ConfigView.of(Map.of("netflow", "on", "netflow_port", args[0]))).build();
        try (DetectionEngine engine = DetectionEngine.builder(config).build())
        {
            engine.start();
            System.out.println("problems=" + engine.problems());
        }
    }
}
