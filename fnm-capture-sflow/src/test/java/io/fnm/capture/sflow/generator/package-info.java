/**
 * sFlow v5 load generation: {@link io.fnm.capture.sflow.generator.SflowDatagramWriter} builds datagrams from
 * {@link io.fnm.capture.TrafficRecord}s and {@link io.fnm.capture.sflow.generator.SflowUdpSender} sends them.
 */
package io.fnm.capture.sflow.generator;
