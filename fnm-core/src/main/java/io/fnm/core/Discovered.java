package io.fnm.core;

import io.fnm.capture.spi.CaptureSource;
import io.fnm.capture.spi.TrafficFilter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link DetectionEngine.Builder#build()} assembled: the builder's and the discovered sources, actions (named
 * and guarded) and filters, the failures and the problems, and the supervisor that tracks their states.
 */
final class Discovered
{
    final List<AttackAction> actions = new ArrayList<>();
    final List<CaptureSource> sources = new ArrayList<>();
    final List<TrafficFilter> filters = new ArrayList<>();
    final List<MetricsExporter> exporters = new ArrayList<>();
    /** The actions created from providers (unwrapped): the engine closes those that are AutoCloseable. */
    final List<AttackAction> ownedActions = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<ComponentHealth> failures = new ArrayList<>();
    /** The provider name (configuration switch) of each discovered source and action. */
    final Map<Object, String> sourceKeys = new IdentityHashMap<>();
    final Map<Object, String> actionKeys = new IdentityHashMap<>();
    final EngineSupervisor supervisor;

    Discovered(final List<EngineListener> listeners)
    {
        this.supervisor = new EngineSupervisor(listeners);
    }
}
