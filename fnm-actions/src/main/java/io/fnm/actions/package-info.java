/**
 * What the per-attack outputs of this module share: their counters.
 */
package io.fnm.actions;
