/**
 * FastNetMon-compatible configuration values: a typed {@link io.fnm.config.ConfigView} and the
 * {@link io.fnm.config.ConfigException} that names file, line and key.
 */
package io.fnm.config;
