/**
 * Attack actions bundled with fnm: the FastNetMon-compatible notify script, the ExaBGP pipe, and mitigation over BGP
 * with fnm's own speaker (blackhole and FlowSpec).
 */
module io.fnm.actions
{
    requires transitive io.fnm.core;
    requires org.slf4j;

    exports io.fnm.actions.notify;
    exports io.fnm.actions.exabgp;
    exports io.fnm.actions.bgp;

    provides io.fnm.core.spi.AttackActionProvider with io.fnm.actions.notify.NotifyScriptActionProvider,
        io.fnm.actions.exabgp.ExaBgpActionProvider, io.fnm.actions.bgp.BgpSpeakerActionProvider;
}
