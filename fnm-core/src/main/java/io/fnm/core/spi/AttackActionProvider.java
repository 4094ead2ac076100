package io.fnm.core.spi;

import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;

import java.util.List;

/**
 * Creates an {@link AttackAction} from configuration; found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.fnm.core.spi.AttackActionProvider}). A provider that cannot be loaded or whose
 * {@link #create} throws is reported in {@link io.fnm.core.DetectionEngine#problems()}; discovery carries on.
 */
public interface AttackActionProvider
{
    /**
     * @return a short name for logs, e.g. {@code notify_script}.
     */
    String name();

    /**
     * @param config the configuration.
     * @return true when the configuration switches this action on.
     */
    boolean isEnabled(ConfigView config);

    /**
     * Every key this provider and its action read, the switch of {@link #isEnabled(ConfigView)} included. The
     * configuration check asks every provider found by {@link java.util.ServiceLoader}, so a key listed here is never
     * reported as unknown, and one read but not listed is.
     *
     * @return the keys; by default none.
     */
    default List<ConfigKey> configKeys()
    {
        return List.of();
    }

    /**
     * @param config the configuration, read through typed accessors.
     * @return the action.
     * @throws io.fnm.config.ConfigException when a key of this provider has a bad value.
     */
    AttackAction create(ConfigView config);
}
