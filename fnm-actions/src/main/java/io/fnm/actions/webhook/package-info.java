/**
 * The webhook output (ours): the attack JSON POSTed on ban, attack details and unban, readable by chat tools.
 */
package io.fnm.actions.webhook;
