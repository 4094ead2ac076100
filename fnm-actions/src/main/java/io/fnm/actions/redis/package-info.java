/**
 * The Redis output: FastNetMon's {@code redis_*} keys and its {@code <prefix>_<ip>_information} and
 * {@code _flow_dump} keys, plus {@code _packets_dump}.
 */
package io.fnm.actions.redis;
