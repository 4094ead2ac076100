/**
 * The runner's operator view: the library's {@link io.fnm.actions.api.OperatorApi} served on Jetty
 * ({@link io.fnm.examples.api.ApiEndpoint}), its settings ({@link io.fnm.examples.api.ApiSettings}), the
 * {@code fnm api} client and the {@code fnm top} live screen.
 */
package io.fnm.examples.api;
