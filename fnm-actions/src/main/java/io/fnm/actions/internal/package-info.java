/**
 * Not API: the bounded write queue with retries and backoff shared by the outputs of this module.
 */
package io.fnm.actions.internal;
