/**
 * The notify script action: FastNetMon's {@code notify_script_path} contract.
 */
package io.fnm.actions.notify;
