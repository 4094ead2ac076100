/**
 * The runner's HTTP server (Jetty 12, core handlers): bounded threads, idle timeout, bounded requests; it serves
 * {@code /metrics} and is where further endpoints are added.
 */
package io.fnm.examples.http;
