package io.fnm.capture.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BiConsumer;

/**
 * {@link ServiceLoader} discovery that survives broken providers: a provider whose class is missing, whose
 * constructor throws, or whose registration is wrong is reported to a callback and skipped, and every other
 * provider is still found (as slf4j 2 does).
 */
public final class ServiceDiscovery
{
    private ServiceDiscovery()
    {
    }

    /**
     * @param service     the service interface.
     * @param classLoader where to look.
     * @param onBroken    told about each provider that could not be loaded: (description, cause).
     * @param <T>         the service type.
     * @return the providers that loaded, in class path order.
     */
    public static <T> List<T> load(
        final Class<T> service, final ClassLoader classLoader, final BiConsumer<String, Throwable> onBroken)
    {
        final List<T> found = new ArrayList<>();
        final Module module = ServiceDiscovery.class.getModule();
        if (module.isNamed() && !module.canUse(service))
        {
            // on the module path: this module loads services of modules above it (the engine's AttackActionProvider)
            module.addUses(service);
        }
        final Iterator<T> iterator = ServiceLoader.load(service, classLoader).iterator();
        // hasNext() itself may fail on a malformed registration; cap retries so one bad line cannot spin forever.
        int failures = 0;
        while (failures < 64)
        {
            try
            {
                if (!iterator.hasNext())
                {
                    break;
                }
                found.add(iterator.next());
            }
            catch (final ServiceConfigurationError | LinkageError | RuntimeException ex)
            {
                failures++;
                onBroken.accept(service.getName() + " provider", ex);
            }
        }
        return Collections.unmodifiableList(found);
    }
}
