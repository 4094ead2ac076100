/**
 * The sFlow v5 (and v4) collector: the {@code sflow} {@link io.fnm.capture.spi.CaptureSourceProvider}, the
 * socket-free {@link io.fnm.capture.sflow.SflowDecoder}, and per-agent statistics and interface counters
 * ({@link io.fnm.capture.sflow.SflowCollector#agentStats()}).
 */
package io.fnm.capture.sflow;
