/**
 * Prometheus text exposition of the engine's counters and each tick's traffic, FastNetMon's {@code fastnetmon_*}
 * names beside fnm's, for an application (or fnm's runner) to serve on {@code /metrics}.
 */
package io.fnm.actions.prometheus;
