/**
 * The shared, allocation-free packet header parser: from a sampled or mirrored frame (Ethernet, or a bare IPv4/IPv6
 * packet) to a {@link io.fnm.capture.TrafficRecord}, through VLAN tags, MPLS, PPPoE and, when
 * {@link io.fnm.capture.packet.ParserOptions} say so, tunnels (GRE, ERSPAN, IP-in-IP, VXLAN, GENEVE, L2TPv2, GTP-U).
 */
package io.fnm.capture.packet;
