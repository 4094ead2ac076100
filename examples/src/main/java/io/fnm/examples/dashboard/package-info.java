/**
 * The runner's web dashboard: the page at {@code /}, its scripts and styles under {@code /dashboard/}, one
 * Server-Sent Events stream ({@code /api/v1/stream}) carrying every live figure, and a token-protected unban. It reads
 * only the engine's public API: the tick's {@link io.fnm.core.TrafficSnapshot} (as a
 * {@link io.fnm.core.MetricsExporter}), the ban list, and the attacks an {@link io.fnm.core.AttackAction} hears.
 */
package io.fnm.examples.dashboard;
