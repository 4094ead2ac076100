/**
 * The BGP wire format (one class per message, RFC 4271, 4760, 6793, 2918, 8955), the sessions and the route table of
 * the speaker. Not exported.
 */
package io.fnm.actions.bgp.internal;
