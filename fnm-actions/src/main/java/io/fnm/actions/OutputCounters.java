package io.fnm.actions;

import io.fnm.capture.CounterDescriptor;

/**
 * The counters every per-attack output of this module (attack details folder, Redis, MongoDB, webhook) reports
 * through {@link io.fnm.core.AttackAction#counters}, one series per output, labelled {@code action} with the output's
 * name ({@code attack_details_folder}, {@code redis}, {@code mongodb}, {@code webhook}).
 * <p>
 * A write is one delivery of one event (ban, attack details or unban) to the output: a file written, a set of Redis
 * keys set, a MongoDB document updated, a webhook POST answered with 2xx. Each write is tried up to the output's
 * attempt limit with exponential backoff between attempts; {@link #RETRIED} counts the attempts after the first,
 * {@link #FAILED} the writes given up after the last attempt, {@link #DROPPED} the writes never tried because the
 * output's bounded queue was full (or the output was closing).
 */
public final class OutputCounters
{
    /** Writes delivered. */
    public static final CounterDescriptor WRITTEN = CounterDescriptor.counter("fnm_output_writes_total", "writes",
        "Attack events an output delivered (file written, keys set, document updated, POST answered 2xx)", "action");
    /** Writes given up after the last attempt. */
    public static final CounterDescriptor FAILED = CounterDescriptor.counter("fnm_output_write_failures_total",
        "writes", "Attack events an output gave up on after its last attempt", "action");
    /** Attempts after the first. */
    public static final CounterDescriptor RETRIED = CounterDescriptor.counter("fnm_output_write_retries_total",
        "attempts", "Attempts an output made again after a failed one (each after a backoff)", "action");
    /** Writes dropped because the queue was full. */
    public static final CounterDescriptor DROPPED = CounterDescriptor.counter("fnm_output_writes_dropped_total",
        "writes", "Attack events an output dropped untried because its bounded queue was full", "action");
    /** Writes waiting in the queue now. */
    public static final CounterDescriptor QUEUED = CounterDescriptor.gauge("fnm_output_writes_queued", "writes",
        "Attack events waiting in an output's queue now", "action");

    private OutputCounters()
    {
    }
}
