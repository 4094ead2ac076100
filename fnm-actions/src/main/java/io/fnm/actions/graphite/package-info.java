/**
 * Graphite export: FastNetMon's plaintext paths ({@code <prefix>.total.*}, {@code .networks.*}, {@code .hosts.*})
 * over TCP, enabled by {@code graphite = on}.
 */
package io.fnm.actions.graphite;
