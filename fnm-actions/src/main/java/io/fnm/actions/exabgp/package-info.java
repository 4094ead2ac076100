/**
 * The ExaBGP action: FastNetMon's {@code exabgp} contract (announce and withdraw lines written to ExaBGP's command
 * pipe), for IPv4 and IPv6, with FlowSpec rules built from the attack and withdrawn on unban.
 */
package io.fnm.actions.exabgp;
