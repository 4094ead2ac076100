/**
 * Mitigation over BGP with fnm's own speaker: blackhole routes and FlowSpec rules announced to configured peers on
 * ban and withdrawn on unban ({@link io.fnm.actions.bgp.BgpSpeakerAction}, switched on by FastNetMon's
 * {@code gobgp = on}).
 */
package io.fnm.actions.bgp;
