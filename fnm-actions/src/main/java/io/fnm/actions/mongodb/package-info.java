/**
 * The MongoDB output: FastNetMon's {@code mongodb_*} keys, collection {@code attacks}, one document per ban.
 */
package io.fnm.actions.mongodb;
