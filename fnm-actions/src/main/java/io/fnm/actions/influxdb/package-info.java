/**
 * InfluxDB 1.x export: FastNetMon's measurements ({@code total_traffic}, {@code hosts_traffic}...) in line protocol
 * over HTTP, enabled by {@code influxdb = on}.
 */
package io.fnm.actions.influxdb;
