/**
 * The engine's internals: longest-prefix match tables, per-thread counter shards, the host average table, the tick,
 * the attack lifecycle and the action runners. Not an API.
 */
package io.fnm.core.internal;
