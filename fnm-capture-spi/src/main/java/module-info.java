/**
 * The capture contract: records and sinks, capture sources and their providers, the configuration view, the packet
 * header parser and the pcap reader. Depended on by every capture module and by the engine.
 */
module io.fnm.capture
{
    exports io.fnm.capture;
    exports io.fnm.capture.packet;
    exports io.fnm.capture.pcap;
    exports io.fnm.capture.spi;
    exports io.fnm.config;

    uses io.fnm.capture.spi.CaptureSourceProvider;
    uses io.fnm.capture.spi.TrafficFilter;
}
