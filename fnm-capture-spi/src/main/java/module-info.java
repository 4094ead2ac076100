/**
 * The capture contract: records and sinks, capture sources and their providers, the configuration view, the packet
 * header parser and the pcap reader. Depended on by every capture module and by the engine.
 */
module io.fnm.capture
{
    requires org.slf4j;
    // recvmmsg(2) for the UDP receiver; when it cannot load, the receiver falls back to DatagramChannel
    requires org.jnrproject.ffi;

    exports io.fnm.capture;
    exports io.fnm.capture.packet;
    exports io.fnm.capture.pcap;
    exports io.fnm.capture.spi;
    exports io.fnm.capture.udp;
    exports io.fnm.config;
    // not API: jnr-ffi defines the generated binding of this libc interface in an unnamed module of its own, which
    // must be able to implement it, so the package cannot be exported to jnr-ffi's module only
    exports io.fnm.capture.udp.internal;

    uses io.fnm.capture.spi.CaptureSourceProvider;
    uses io.fnm.capture.spi.TrafficFilter;
}
