package io.fnm.core.spi;

import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;

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
     * @param config the configuration, read through typed accessors.
     * @return the action.
     * @throws io.fnm.config.ConfigException when a key of this provider has a bad value.
     */
    AttackAction create(ConfigView config);
}
