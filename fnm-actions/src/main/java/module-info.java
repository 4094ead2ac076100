/**
 * Attack actions bundled with fnm: the FastNetMon-compatible notify script.
 */
module io.fnm.actions
{
    requires transitive io.fnm.core;
    requires org.slf4j;

    exports io.fnm.actions.notify;

    provides io.fnm.core.spi.AttackActionProvider with io.fnm.actions.notify.NotifyScriptActionProvider;
}
