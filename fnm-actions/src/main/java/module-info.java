/**
 * Attack actions and metrics exporters bundled with fnm: the FastNetMon-compatible notify script and ExaBGP pipe;
 * Graphite and InfluxDB exports; the Prometheus text exposition.
 */
module io.fnm.actions
{
    requires transitive io.fnm.core;
    requires java.net.http;
    requires org.slf4j;

    exports io.fnm.actions.notify;
    exports io.fnm.actions.exabgp;
    exports io.fnm.actions.graphite;
    exports io.fnm.actions.influxdb;
    exports io.fnm.actions.prometheus;

    provides io.fnm.core.spi.AttackActionProvider with io.fnm.actions.notify.NotifyScriptActionProvider,
        io.fnm.actions.exabgp.ExaBgpActionProvider;
    provides io.fnm.core.spi.MetricsExporterProvider with io.fnm.actions.graphite.GraphiteExporterProvider,
        io.fnm.actions.influxdb.InfluxDbExporterProvider;
}
