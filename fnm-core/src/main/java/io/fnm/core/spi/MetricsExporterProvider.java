package io.fnm.core.spi;

import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.MetricsExporter;

import java.util.List;

/**
 * Creates a {@link MetricsExporter} from configuration; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.fnm.core.spi.MetricsExporterProvider}), as {@link AttackActionProvider} is. A provider
 * that cannot be loaded or whose {@link #create} throws is reported in {@link io.fnm.core.DetectionEngine#problems()};
 * discovery carries on.
 */
public interface MetricsExporterProvider
{
    /**
     * @return a short name for logs, e.g. {@code graphite}.
     */
    String name();

    /**
     * @param config the configuration.
     * @return true when the configuration switches this exporter on.
     */
    boolean isEnabled(ConfigView config);

    /**
     * Every key this provider and its exporter read, the switch of {@link #isEnabled(ConfigView)} included (the
     * configuration check asks every provider found, so a listed key is never reported as unknown).
     *
     * @return the keys; by default none.
     */
    default List<ConfigKey> configKeys()
    {
        return List.of();
    }

    /**
     * @param config the configuration, read through typed accessors.
     * @return the exporter.
     * @throws io.fnm.config.ConfigException when a key of this provider has a bad value.
     */
    MetricsExporter create(ConfigView config);
}
