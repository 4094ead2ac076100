/**
 * The runner's decode tools ({@code fnm decode netflow|sflow|packets FILE...}):
 * {@link io.fnm.examples.decode.NetflowDecodeTool}, {@link io.fnm.examples.decode.SflowDecodeTool} and
 * {@link io.fnm.examples.decode.PacketDecodeTool}. Part of the runner, not of the capture libraries.
 */
package io.fnm.examples.decode;
