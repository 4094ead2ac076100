/**
 * The attack JSON shared by the details folder, Redis, MongoDB and the webhook (FastNetMon's §5.4 shape, extended).
 */
package io.fnm.actions.json;
