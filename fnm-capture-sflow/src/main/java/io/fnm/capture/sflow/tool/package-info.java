/**
 * Command-line decode tools: {@link io.fnm.capture.sflow.tool.SflowDecodeTool} ({@code decode sflow}) and
 * {@link io.fnm.capture.sflow.tool.PacketDecodeTool} ({@code decode packets}).
 */
package io.fnm.capture.sflow.tool;
