package io.fnm.core;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.CaptureSourceProvider;
import io.fnm.capture.spi.ServiceDiscovery;
import io.fnm.capture.spi.TrafficFilter;
import io.fnm.config.ConfigView;
import io.fnm.core.spi.AttackActionProvider;
import io.fnm.core.spi.MetricsExporterProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Assembles an engine's components at {@link DetectionEngine.Builder#build()}: the builder's sources and actions, the
 * providers the configuration enables, unique action names, and each component's first state.
 */
final class ProviderDiscovery
{
    private static final Logger LOG = LoggerFactory.getLogger(DetectionEngine.class);
    private static final String ON_DETECTED = "on_detected";

    private ProviderDiscovery()
    {
    }

    static Discovered discover(final DetectionEngine.Builder b)
    {
        final Discovered found = new Discovered(b.listeners);
        final List<AttackAction> actions = new ArrayList<>(b.actions);
        final List<String> names = new ArrayList<>(b.actionNames);
        found.sources.addAll(b.sources);
        found.filters.addAll(b.filters);
        found.exporters.addAll(b.exporters);
        if (b.discoverProviders)
        {
            final ClassLoader loader = b.classLoader != null ? b.classLoader :
                Thread.currentThread().getContextClassLoader() != null ?
                Thread.currentThread().getContextClassLoader() : DetectionEngine.class.getClassLoader();
            final ConfigView settings = b.config.settings();
            discoverSources(found, loader, settings);
            if (!b.monitorOnly)
            {
                discoverActions(found, loader, settings, actions, names);
            }
            discoverExporters(found, loader, settings);
            found.filters.addAll(ServiceDiscovery.load(TrafficFilter.class, loader,
                (what, ex) -> problem(found, "broken " + what + ": " + ex, ex)));
        }
        for (final Consumer<Attack> listener : b.detectionListeners)
        {
            actions.add(attack ->
            {
                if (!attack.manual())
                {
                    listener.accept(attack);
                }
            });
            names.add(ON_DETECTED);
        }
        for (final CaptureSource source : found.sources)
        {
            found.supervisor.add(source, new ComponentHealth(ComponentHealth.Kind.CAPTURE_SOURCE,
                DetectionEngine.safeName(source), ComponentState.STARTING, null, found.sourceKeys.get(source)));
        }
        nameActions(found, actions, names);
        for (final ComponentHealth failure : found.failures)
        {
            found.supervisor.add(null, failure);
        }
        return found;
    }

    private static void discoverSources(final Discovered found, final ClassLoader loader, final ConfigView settings)
    {
        for (final CaptureSourceProvider provider : ServiceDiscovery.load(CaptureSourceProvider.class, loader,
            (what, ex) -> problem(found, "broken " + what + ": " + ex, ex)))
        {
            final String name = safeName(provider::name, provider);
            try
            {
                if (!provider.isEnabled(settings))
                {
                    continue;
                }
                if (!provider.isAvailable())
                {
                    fail(found, ComponentHealth.Kind.CAPTURE_SOURCE, name, provider.unavailabilityCause());
                    continue;
                }
                final CaptureSource source = provider.create(settings);
                found.sources.add(source);
                found.sourceKeys.put(source, name);
            }
            catch (final RuntimeException | LinkageError ex)
            {
                fail(found, ComponentHealth.Kind.CAPTURE_SOURCE, name, ex);
            }
        }
    }

    private static void discoverActions(final Discovered found, final ClassLoader loader, final ConfigView settings,
        final List<AttackAction> actions, final List<String> names)
    {
        for (final AttackActionProvider provider : ServiceDiscovery.load(AttackActionProvider.class, loader,
            (what, ex) -> problem(found, "broken " + what + ": " + ex, ex)))
        {
            final String name = safeName(provider::name, provider);
            try
            {
                if (provider.isEnabled(settings))
                {
                    final AttackAction action = provider.create(settings);
                    actions.add(action);
                    found.ownedActions.add(action);
                    names.add(name);
                    found.actionKeys.put(action, name);
                }
            }
            catch (final RuntimeException | LinkageError ex)
            {
                fail(found, ComponentHealth.Kind.ACTION, name, ex);
            }
        }
    }

    private static void discoverExporters(final Discovered found, final ClassLoader loader,
        final ConfigView settings)
    {
        for (final MetricsExporterProvider provider : ServiceDiscovery.load(MetricsExporterProvider.class, loader,
            (what, ex) -> problem(found, "broken " + what + ": " + ex, ex)))
        {
            final String name = safeName(provider::name, provider);
            try
            {
                if (provider.isEnabled(settings))
                {
                    final MetricsExporter exporter = provider.create(settings);
                    found.exporters.add(exporter);
                    found.supervisor.add(exporter, new ComponentHealth(ComponentHealth.Kind.METRICS_EXPORTER, name,
                        ComponentState.RUNNING, null, name));
                }
            }
            catch (final RuntimeException | LinkageError ex)
            {
                fail(found, ComponentHealth.Kind.METRICS_EXPORTER, name, ex);
            }
        }
    }

    /** Explicit names first, then each action's own name, suffixed -2, -3... where it is taken. */
    private static void nameActions(final Discovered found, final List<AttackAction> actions,
        final List<String> names)
    {
        final Set<String> taken = new HashSet<>();
        for (final String name : names)
        {
            if (name != null)
            {
                taken.add(name);
            }
        }
        for (int i = 0; i < actions.size(); i++)
        {
            final AttackAction action = actions.get(i);
            String name = names.get(i);
            if (name == null)
            {
                final String own = safeName(action::name, action);
                name = own;
                for (int n = 2; taken.contains(name); n++)
                {
                    name = own + "-" + n;
                }
                taken.add(name);
            }
            final GuardedAction guarded = new GuardedAction(action, name, found.supervisor);
            found.actions.add(guarded);
            found.supervisor.add(guarded, new ComponentHealth(ComponentHealth.Kind.ACTION, name,
                ComponentState.RUNNING, null, found.actionKeys.get(action)));
        }
    }

    private static String safeName(final Supplier<String> name, final Object owner)
    {
        try
        {
            final String n = name.get();
            return n == null || n.isEmpty() ? owner.getClass().getName() : n;
        }
        catch (final RuntimeException ex)
        {
            return owner.getClass().getName();
        }
    }

    private static void fail(final Discovered found, final ComponentHealth.Kind kind, final String name,
        final Throwable cause)
    {
        final ComponentHealth failure = new ComponentHealth(kind, name, ComponentState.FAILED, cause, name);
        found.failures.add(failure);
        found.problems.add(failure.toString());
        LOG.debug("{}", failure, cause);
    }

    private static void problem(final Discovered found, final String message, final Throwable cause)
    {
        found.problems.add(message);
        LOG.warn(message, cause);
    }
}
