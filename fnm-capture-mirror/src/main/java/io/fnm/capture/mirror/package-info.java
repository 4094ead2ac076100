/**
 * Mirrored-traffic capture: every backend feeds the shared {@link io.fnm.capture.mirror.FrameHandler} (the header
 * parser of {@code io.fnm.capture.packet}, a reused record carrying its frame, the thread's sink).
 * <ul>
 *   <li>{@code mirror_afpacket}: {@link io.fnm.capture.mirror.AfPacketSource}, AF_PACKET TPACKET_V3 rings with
 *   fanout, through jnr-ffi;</li>
 *   <li>{@code pcap}: {@link io.fnm.capture.mirror.PcapLiveSource}, libpcap via pcap4j, read with
 *   {@code pcap_next_ex} through jnr-ffi;</li>
 *   <li>{@code pcap_file}: {@link io.fnm.capture.mirror.PcapFileSource} into a running engine, and
 *   {@link io.fnm.capture.mirror.MirrorReplay} for a deterministic replay on the capture's clock;</li>
 *   <li>{@code mirror}: {@link io.fnm.capture.mirror.PfRingSource}, libpfring through jnr-ffi;</li>
 *   <li>{@code mirror_netmap}: {@link io.fnm.capture.mirror.NetmapSource}, the {@code /dev/netmap} ioctl and mmap
 *   ABI through jnr-ffi.</li>
 * </ul>
 * The module has no {@code module-info} ({@code Automatic-Module-Name} {@code io.fnm.capture.mirror}): pcap4j cannot
 * resolve on the module path next to slf4j 2.
 */
package io.fnm.capture.mirror;
