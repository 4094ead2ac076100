package io.fnm.capture.spi;

import io.fnm.capture.TrafficRecord;

/**
 * A hook applied to every record before it is counted, to drop what the operator wants ignored (FastNetMon's Lua
 * hooks, in Java). Registered in code on the engine, or found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.fnm.capture.spi.TrafficFilter}).
 * <p>
 * Called on capture threads, concurrently: an implementation must be thread-safe, must not allocate, block or
 * throw. A filter that throws is treated as "keep" and the error is counted.
 */
@FunctionalInterface
public interface TrafficFilter
{
    /**
     * @param record the record about to be counted; read it, do not keep it.
     * @return true to count the record, false to drop it.
     */
    boolean keep(TrafficRecord record);
}
