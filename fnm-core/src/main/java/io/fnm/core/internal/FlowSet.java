package io.fnm.core.internal;

/**
 * The distinct flows of one interval: a fixed-capacity open-addressing set of 64-bit flow hashes, each with the
 * owner it counts for ({@code (hostIndex << 2) | (ipv6 ? 2 : 0) | direction}). A flow is (local host, direction,
 * remote address, source port, destination port, protocol) hashed to 64 bits, so two distinct flows collide with
 * probability about n²/2^65 per interval: exact for any realistic n.
 * <p>
 * Memory is bounded: once {@link #MAX_FLOWS} distinct flows are held, {@link #add} answers {@link #FULL} and the
 * caller counts the record as a new flow directly (an over-estimate: every further record of a host counts as one
 * flow until the next tick), so a flood of random ports cannot grow memory.
 */
public final class FlowSet
{
    /** Distinct flows held per interval before estimating. */
    public static final int MAX_FLOWS = 1 << 16;
    /** Answer of {@link #add} when the flow was already there. */
    public static final int PRESENT = 0;
    /** Answer of {@link #add} when the flow is new. */
    public static final int ADDED = 1;
    /** Answer of {@link #add} when the set is full. */
    public static final int FULL = 2;

    private static final int CAPACITY = MAX_FLOWS * 2;
    private static final int MASK = CAPACITY - 1;

    private final long[] hashes = new long[CAPACITY];
    private final int[] owners = new int[CAPACITY];
    private final int[] usedSlots = new int[MAX_FLOWS];
    private int size;

    /**
     * @param hash  the flow hash.
     * @param owner who it counts for.
     * @return {@link #PRESENT}, {@link #ADDED} or {@link #FULL}.
     */
    public int add(final long hash, final int owner)
    {
        final long h = hash == 0 ? 1 : hash;
        int slot = (int)(h ^ (h >>> 32)) & MASK;
        while (true)
        {
            final long existing = hashes[slot];
            if (existing == 0)
            {
                break;
            }
            if (existing == h)
            {
                return PRESENT;
            }
            slot = (slot + 1) & MASK;
        }
        if (size == MAX_FLOWS)
        {
            return FULL;
        }
        hashes[slot] = h;
        owners[slot] = owner;
        usedSlots[size++] = slot;
        return ADDED;
    }

    /**
     * @return distinct flows held.
     */
    public int size()
    {
        return size;
    }

    /**
     * @param index 0 .. size-1.
     * @return the flow hash at that position.
     */
    public long hashAt(final int index)
    {
        return hashes[usedSlots[index]];
    }

    /**
     * @param index 0 .. size-1.
     * @return the owner at that position.
     */
    public int ownerAt(final int index)
    {
        return owners[usedSlots[index]];
    }

    /**
     * Forget every flow.
     */
    public void clear()
    {
        for (int i = 0; i < size; i++)
        {
            hashes[usedSlots[i]] = 0;
        }
        size = 0;
    }
}
