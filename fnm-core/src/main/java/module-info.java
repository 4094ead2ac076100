/**
 * The detection engine: {@code DetectionEngine} and its configuration, the {@code AttackAction} SPI, FastNetMon
 * configuration files. Package {@code io.fnm.core.internal} is not exported.
 */
module io.fnm.core
{
    requires transitive io.fnm.capture;
    requires org.slf4j;
    requires org.jctools.core;
    // JCTools declares "requires static jdk.unsupported" (sun.misc.Unsafe): someone must put it in the module graph
    requires jdk.unsupported;

    exports io.fnm.core;
    exports io.fnm.core.config;
    exports io.fnm.core.spi;

    uses io.fnm.core.spi.AttackActionProvider;
    uses io.fnm.core.spi.MetricsExporterProvider;
}
