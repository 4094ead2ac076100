/**
 * Shared by fnm-actions' exporters; not exported.
 */
package io.fnm.actions.internal;
