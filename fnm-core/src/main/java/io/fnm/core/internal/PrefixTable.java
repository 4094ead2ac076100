package io.fnm.core.internal;

import io.fnm.core.IpPrefix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Longest-prefix match over a fixed set of IPv4 and IPv6 prefixes, without allocation per lookup.
 * <p>
 * One open-addressing hash table holds every prefix keyed by (masked address, length); a lookup probes the lengths
 * present in the set from the longest down, so its cost is one hash probe per distinct prefix length (typically a
 * handful), independent of the number of prefixes. Immutable once built, so any thread may look up.
 * <p>
 * IPv4 lookups first read one bit per /16 block of the address space (8 KiB, in the first-level cache): a block no
 * prefix touches answers -1 without hashing. Every record has a remote side, and remote addresses rarely share a /16
 * with an operator's networks, so about half the lookups of a capture thread end there. A block some prefix touches
 * then reads its entry in a table of one {@code int} per /16 block (256 KiB): the index of the prefix that answers
 * for every address of the block (the longest prefix of length 16 or less covering it, when no longer prefix lies
 * inside it), or {@link #MIXED} when a longer prefix does and only the hash probes can tell. An operator's networks
 * are mostly /16 or wider, so the local side of a record usually costs two loads and no hashing.
 * <p>
 * IPv6 lookups first read one bit of a 64 Ki-bit filter indexed by a hash of the address's top
 * {@code min(shortest IPv6 prefix length, 64)} bits: an address whose top bits no prefix shares answers -1 without
 * probing (a false pass costs the probes; the filter holds one bit per distinct masked prefix).
 */
public final class PrefixTable
{
    private static final int[] NO_LENGTHS = new int[0];
    /** A /16 block entry: no prefix covers the block. */
    private static final int NONE = -1;
    /** A /16 block entry: a prefix longer than /16 lies inside the block; probe the hash table. */
    private static final int MIXED = -2;
    private static final int V6_FILTER_BITS = 16;

    private final List<IpPrefix> prefixes;
    private final int[] v4Lengths;
    private final int[] v4Masks;
    /** Bit {@code b} set when some IPv4 prefix covers part of the /16 block {@code b}. */
    private final long[] v4Blocks = new long[(1 << 16) / Long.SIZE];
    /** Per /16 block: the prefix answering for all of it, {@link #NONE} or {@link #MIXED}. */
    private final int[] v4BlockPrefix;
    /** Bit set per hash of the top {@link #v6FilterShift} bits of some IPv6 prefix. */
    private final long[] v6Filter = new long[(1 << V6_FILTER_BITS) / Long.SIZE];
    /** 64 minus the bits of an IPv6 address the filter hashes (the shortest IPv6 prefix, at most 64). */
    private final int v6FilterShift;
    private final int[] v6Lengths;
    private final int mask;
    private final long[] keyHigh;
    private final long[] keyLow;
    private final int[] keyLength;
    private final int[] value;

    /**
     * @param prefixes the prefixes; a lookup answers the index of the longest match in this list (the first of
     *                 duplicates).
     */
    public PrefixTable(final List<IpPrefix> prefixes)
    {
        this.prefixes = List.copyOf(prefixes);
        final TreeSet<Integer> lengths4 = new TreeSet<>();
        final TreeSet<Integer> lengths6 = new TreeSet<>();
        for (final IpPrefix p : this.prefixes)
        {
            (p.isIpv4() ? lengths4 : lengths6).add(p.length());
            markBlocks(p);
        }
        v4Lengths = descending(lengths4);
        v6Lengths = descending(lengths6);
        v6FilterShift = 64 - (lengths6.isEmpty() ? 0 : Math.min(64, lengths6.first()));
        for (final IpPrefix p : this.prefixes)
        {
            if (!p.isIpv4())
            {
                final int bit = v6FilterBit(p.ipv6High());
                v6Filter[bit >>> 6] |= 1L << bit;
            }
        }
        v4Masks = new int[v4Lengths.length];
        for (int i = 0; i < v4Masks.length; i++)
        {
            v4Masks[i] = v4Lengths[i] == 0 ? 0 : -1 << (32 - v4Lengths[i]);
        }
        int capacity = 16;
        while (capacity < this.prefixes.size() * 2)
        {
            capacity <<= 1;
        }
        mask = capacity - 1;
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        keyLength = new int[capacity];
        value = new int[capacity];
        Arrays.fill(value, -1);
        for (int i = 0; i < this.prefixes.size(); i++)
        {
            insert(i, this.prefixes.get(i));
        }
        v4BlockPrefix = blockPrefixes();
    }

    /** Enter a prefix in the hash table (the first of duplicates stays). */
    private void insert(final int i, final IpPrefix p)
    {
        final int length = p.isIpv4() ? p.length() : p.length() + 64;
        final long high = p.isIpv4() ? 0 : p.ipv6High();
        final long low = p.isIpv4() ? p.ipv4() & 0xFFFFFFFFL : p.ipv6Low();
        int slot = slot(high, low, length);
        while (value[slot] >= 0)
        {
            if (keyHigh[slot] == high && keyLow[slot] == low && keyLength[slot] == length)
            {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keyHigh[slot] = high;
        keyLow[slot] = low;
        keyLength[slot] = length;
        value[slot] = i;
    }

    /**
     * Per /16 block: the longest prefix of length 16 or less covering it (lookups in the prefix order decide ties),
     * or {@link #MIXED} when a longer prefix lies inside it, or {@link #NONE}.
     */
    private int[] blockPrefixes()
    {
        final int[] blocks = new int[1 << 16];
        Arrays.fill(blocks, NONE);
        for (final IpPrefix p : prefixes)
        {
            if (p.isIpv4() && p.length() > 16)
            {
                blocks[p.ipv4() >>> 16] = MIXED;
            }
        }
        for (int block = 0; block < blocks.length; block++)
        {
            if (blocks[block] != MIXED && (v4Blocks[block >>> 6] & (1L << block)) != 0)
            {
                blocks[block] = probeIpv4(block << 16);
            }
        }
        return blocks;
    }

    /**
     * @return the prefixes, in the order given.
     */
    public List<IpPrefix> prefixes()
    {
        return prefixes;
    }

    /**
     * @param index an index answered by a lookup.
     * @return the prefix.
     */
    public IpPrefix prefix(final int index)
    {
        return prefixes.get(index);
    }

    /**
     * @return true when there is no prefix.
     */
    public boolean isEmpty()
    {
        return prefixes.isEmpty();
    }

    /**
     * @param address IPv4 address, network order.
     * @return index of the longest matching prefix, or -1.
     */
    public int lookupIpv4(final int address)
    {
        final int block = address >>> 16;
        if ((v4Blocks[block >>> 6] & (1L << block)) == 0)
        {
            return -1;
        }
        final int decided = v4BlockPrefix[block];
        return decided != MIXED ? decided : probeIpv4(address);
    }

    /** The longest match by hash probes, one per IPv4 prefix length present. */
    private int probeIpv4(final int address)
    {
        final int[] lengths = v4Lengths;
        final int[] masks = v4Masks;
        for (int i = 0; i < lengths.length; i++)
        {
            final int found = find(0, (address & masks[i]) & 0xFFFFFFFFL, lengths[i]);
            if (found >= 0)
            {
                return found;
            }
        }
        return -1;
    }

    /**
     * @param high high 64 bits of the IPv6 address.
     * @param low  low 64 bits.
     * @return index of the longest matching prefix, or -1.
     */
    public int lookupIpv6(final long high, final long low)
    {
        final int bit = v6FilterBit(high);
        if ((v6Filter[bit >>> 6] & (1L << bit)) == 0)
        {
            return -1;
        }
        final int[] lengths = v6Lengths;
        for (int i = 0; i < lengths.length; i++)
        {
            final int length = lengths[i];
            final long maskedHigh;
            final long maskedLow;
            if (length >= 64)
            {
                maskedHigh = high;
                maskedLow = length == 64 ? 0 : low & (-1L << (128 - length));
            }
            else
            {
                maskedHigh = length == 0 ? 0 : high & (-1L << (64 - length));
                maskedLow = 0;
            }
            final int found = find(maskedHigh, maskedLow, length + 64);
            if (found >= 0)
            {
                return found;
            }
        }
        return -1;
    }

    private int find(final long high, final long low, final int length)
    {
        int slot = slot(high, low, length);
        while (true)
        {
            final int v = value[slot];
            if (v < 0)
            {
                return -1;
            }
            if (keyLow[slot] == low && keyHigh[slot] == high && keyLength[slot] == length)
            {
                return v;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int slot(final long high, final long low, final int length)
    {
        return (int)Layout.mix((high * 0x9E3779B97F4A7C15L) ^ low ^ (length * 0xC2B2AE3D27D4EB4FL)) & mask;
    }

    private int v6FilterBit(final long high)
    {
        final long top = v6FilterShift == 64 ? 0 : high >>> v6FilterShift;
        return (int)((top * 0x9E3779B97F4A7C15L) >>> (64 - V6_FILTER_BITS));
    }

    private void markBlocks(final IpPrefix prefix)
    {
        if (!prefix.isIpv4())
        {
            return;
        }
        final int length = prefix.length();
        final int network = prefix.ipv4();
        final int first = (length == 0 ? 0 : network & (-1 << (32 - length))) >>> 16;
        final int count = length >= 16 ? 1 : 1 << (16 - length);
        for (int block = first; block < first + count; block++)
        {
            v4Blocks[block >>> 6] |= 1L << block;
        }
    }

    private static int[] descending(final TreeSet<Integer> lengths)
    {
        if (lengths.isEmpty())
        {
            return NO_LENGTHS;
        }
        final List<Integer> list = new ArrayList<>(lengths.descendingSet());
        final int[] result = new int[list.size()];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = list.get(i);
        }
        return result;
    }
}
