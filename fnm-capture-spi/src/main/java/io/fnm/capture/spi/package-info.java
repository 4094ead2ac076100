/**
 * For implementers of capture backends: {@link io.fnm.capture.spi.CaptureSourceProvider} (found by
 * {@link java.util.ServiceLoader}), {@link io.fnm.capture.spi.CaptureSource}, the
 * {@link io.fnm.capture.spi.CaptureContext} a source runs in, and the {@link io.fnm.capture.spi.TrafficFilter} hook.
 */
package io.fnm.capture.spi;
