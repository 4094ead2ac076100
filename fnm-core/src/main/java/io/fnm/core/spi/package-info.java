/**
 * For implementers of attack actions: {@link io.fnm.core.spi.AttackActionProvider}, found by
 * {@link java.util.ServiceLoader}.
 */
package io.fnm.core.spi;
