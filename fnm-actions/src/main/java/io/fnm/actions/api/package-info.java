/**
 * The operator's HTTP API, server-neutral: {@link io.fnm.actions.api.OperatorApi} answers an
 * {@link io.fnm.actions.api.ApiRequest} (method, path, query, bearer token, body) with an
 * {@link io.fnm.actions.api.ApiResponse} (status and JSON) from the engine's public snapshot API, so any HTTP server
 * an embedding application runs can serve it; the runner serves it on Jetty. {@link io.fnm.actions.api.AttackHistory}
 * is the bounded ring of the last attacks the API reports.
 */
package io.fnm.actions.api;
