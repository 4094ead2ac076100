/**
 * Not API: what fnm-actions' outputs and exporters share (the bounded write queue with retries and backoff,
 * FastNetMon's system counters); not exported.
 */
package io.fnm.actions.internal;
