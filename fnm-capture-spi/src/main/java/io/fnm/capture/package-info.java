/**
 * What capture code and the engine share: the reused {@link io.fnm.capture.TrafficRecord}, the
 * {@link io.fnm.capture.TrafficSink} records go to, the injectable {@link io.fnm.capture.Clock}, and address helpers.
 */
package io.fnm.capture;
