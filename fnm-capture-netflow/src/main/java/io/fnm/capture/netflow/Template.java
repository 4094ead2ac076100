package io.fnm.capture.netflow;

import io.fnm.capture.netflow.internal.FieldAction;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A NetFlow v9 or IPFIX (options) template compiled into a program: one opcode ({@link FieldAction}) and one length
 * per field, {@link #VARIABLE_LENGTH} for variable-length fields. A repeated element is compiled to
 * {@link FieldAction#SKIP} after its first occurrence (the first one wins), so decoding needs no per-record
 * bookkeeping for it. A template without variable-length fields is also compiled, once, into a flat
 * {@link #program}: for each field that is used, an opcode specialised for its length ({@code OP_*}, or
 * {@link #OP_GENERIC} plus the {@link FieldAction}), its offset in the record and its length; its records are
 * {@link #fixedLength} bytes each. Also a node in two age-ordered lists (its exporter's and the whole cache's), so
 * eviction and expiry are O(1) per template.
 */
final class Template
{
    /** Field length that announces a variable-length encoding (RFC 7011 section 7). */
    public static final int VARIABLE_LENGTH = 0xFFFF;

    // opcodes of the flat program: a field of a common element at its usual length, read with one access
    static final int OP_BYTES_4 = 1;
    static final int OP_BYTES_8 = 2;
    static final int OP_PACKETS_4 = 3;
    static final int OP_PACKETS_8 = 4;
    static final int OP_PROTOCOL_1 = 5;
    static final int OP_TCP_FLAGS_1 = 6;
    static final int OP_SRC_PORT_2 = 7;
    static final int OP_DST_PORT_2 = 8;
    static final int OP_SRC_IPV4 = 9;
    static final int OP_DST_IPV4 = 10;
    static final int OP_SRC_IPV6 = 11;
    static final int OP_DST_IPV6 = 12;
    static final int OP_INPUT_INTERFACE_2 = 13;
    static final int OP_INPUT_INTERFACE_4 = 14;
    static final int OP_OUTPUT_INTERFACE_2 = 15;
    static final int OP_OUTPUT_INTERFACE_4 = 16;
    static final int OP_SRC_AS_2 = 17;
    static final int OP_SRC_AS_4 = 18;
    static final int OP_DST_AS_2 = 19;
    static final int OP_DST_AS_4 = 20;
    static final int OP_FIRST_SWITCHED_4 = 21;
    static final int OP_LAST_SWITCHED_4 = 22;
    /** Any other field: the opcode is this plus its {@link FieldAction}. */
    static final int OP_GENERIC = 64;
    /** Ints per field in {@link #program}: opcode, offset in the record, length. */
    static final int PROGRAM_STRIDE = 3;

    /** Bytes a template object costs beyond its arrays (headers, fields, array headers), rounded up. */
    static final int OVERHEAD_BYTES = 160;

    final ExporterState exporter;
    final long key;
    final int templateId;
    final long domainId;
    final boolean options;
    final int[] actions;
    final int[] lengths;
    final int fieldCount;
    final int minRecordLength;
    /** Length of every record when no field is variable-length, else -1. */
    final int fixedLength;
    /** The flat program of a fixed-length template (empty otherwise), {@link #PROGRAM_STRIDE} ints per field. */
    final int[] program;
    final byte[] spec;
    final boolean hasPackets;
    final boolean hasBytes;
    final boolean hasFlowId;
    long lastSeenMillis;
    Template exporterPrevious;
    Template exporterNext;
    Template globalPrevious;
    Template globalNext;

    Template(
        final ExporterState exporter,
        final long domainId,
        final int templateId,
        final boolean options,
        final int[] actions,
        final int[] lengths,
        final byte[] spec)
    {
        this.exporter = exporter;
        this.key = key(domainId, templateId);
        this.templateId = templateId;
        this.domainId = domainId;
        this.options = options;
        this.actions = firstOccurrences(actions);
        this.lengths = lengths;
        this.fieldCount = actions.length;
        this.spec = spec;
        boolean variable = false;
        int min = 0;
        boolean packets = false;
        boolean bytes = false;
        boolean flowId = false;
        for (int i = 0; i < fieldCount; i++)
        {
            min += lengths[i] == VARIABLE_LENGTH ? 1 : lengths[i];
            variable |= lengths[i] == VARIABLE_LENGTH;
            packets |= actions[i] == FieldAction.PACKETS || actions[i] == FieldAction.PERMANENT_PACKETS;
            bytes |= actions[i] == FieldAction.BYTES || actions[i] == FieldAction.PERMANENT_BYTES;
            flowId |= actions[i] == FieldAction.FLOW_ID;
        }
        this.minRecordLength = min;
        this.hasPackets = packets;
        this.hasBytes = bytes;
        this.hasFlowId = flowId;
        this.fixedLength = variable ? -1 : min;
        this.program = variable ? new int[0] : compile(this.actions, lengths);
    }

    private static int[] firstOccurrences(final int[] actions)
    {
        final int[] result = actions.clone();
        for (int i = 0; i < result.length; i++)
        {
            for (int j = 0; j < i && result[i] != FieldAction.SKIP; j++)
            {
                if (result[j] == result[i])
                {
                    result[i] = FieldAction.SKIP;
                }
            }
        }
        return result;
    }

    private static int[] compile(final int[] actions, final int[] lengths)
    {
        final int[] program = new int[actions.length * PROGRAM_STRIDE];
        int size = 0;
        int offset = 0;
        for (int i = 0; i < actions.length; i++)
        {
            final int length = lengths[i];
            final int op = opcode(actions[i], length);
            if (op != 0)
            {
                program[size] = op;
                program[size + 1] = offset;
                program[size + 2] = length;
                size += PROGRAM_STRIDE;
            }
            offset += length;
        }
        return Arrays.copyOf(program, size);
    }

    private static int opcode(final int action, final int length)
    {
        switch (action)
        {
            case FieldAction.SKIP:
                return 0;
            case FieldAction.BYTES:
                return length == 4 ? OP_BYTES_4 : length == 8 ? OP_BYTES_8 : OP_GENERIC + action;
            case FieldAction.PACKETS:
                return length == 4 ? OP_PACKETS_4 : length == 8 ? OP_PACKETS_8 : OP_GENERIC + action;
            case FieldAction.PROTOCOL:
                return length == 1 ? OP_PROTOCOL_1 : OP_GENERIC + action;
            case FieldAction.TCP_FLAGS:
                return length == 1 ? OP_TCP_FLAGS_1 : OP_GENERIC + action;
            case FieldAction.SRC_PORT:
                return length == 2 ? OP_SRC_PORT_2 : OP_GENERIC + action;
            case FieldAction.DST_PORT:
                return length == 2 ? OP_DST_PORT_2 : OP_GENERIC + action;
            case FieldAction.SRC_IPV4:
                // an address of another length is ignored (as the decoder's generic path does)
                return length == 4 ? OP_SRC_IPV4 : 0;
            case FieldAction.DST_IPV4:
                return length == 4 ? OP_DST_IPV4 : 0;
            case FieldAction.SRC_IPV6:
                return length == 16 ? OP_SRC_IPV6 : 0;
            case FieldAction.DST_IPV6:
                return length == 16 ? OP_DST_IPV6 : 0;
            case FieldAction.INPUT_INTERFACE:
                return length == 2 ? OP_INPUT_INTERFACE_2 : length == 4 ? OP_INPUT_INTERFACE_4 : OP_GENERIC + action;
            case FieldAction.OUTPUT_INTERFACE:
                return length == 2 ? OP_OUTPUT_INTERFACE_2 : length == 4 ? OP_OUTPUT_INTERFACE_4 :
                    OP_GENERIC + action;
            case FieldAction.SRC_AS:
                return length == 2 ? OP_SRC_AS_2 : length == 4 ? OP_SRC_AS_4 : OP_GENERIC + action;
            case FieldAction.DST_AS:
                return length == 2 ? OP_DST_AS_2 : length == 4 ? OP_DST_AS_4 : OP_GENERIC + action;
            case FieldAction.FIRST_SWITCHED:
                return length == 4 ? OP_FIRST_SWITCHED_4 : OP_GENERIC + action;
            case FieldAction.LAST_SWITCHED:
                return length == 4 ? OP_LAST_SWITCHED_4 : OP_GENERIC + action;
            default:
                return OP_GENERIC + action;
        }
    }

    /**
     * @param domainId   source id (v9) or observation domain id (IPFIX), unsigned 32 bits.
     * @param templateId template id, 16 bits.
     * @return the key of a template within its exporter.
     */
    public static long key(final long domainId, final int templateId)
    {
        return (domainId << 16) | templateId;
    }

    /**
     * The bytes a template of this shape holds, as the cache counts them against its bounds: an upper bound of its
     * arrays (opcode and length per field, the flat program at most 3 ints per field, the wire specifiers) plus
     * {@link #OVERHEAD_BYTES}. Known before the template is built, so an oversized one is never allocated.
     *
     * @param fieldCount fields.
     * @param specLength bytes of the field specifiers on the wire.
     * @return bytes.
     */
    static long memoryBytes(final int fieldCount, final int specLength)
    {
        return OVERHEAD_BYTES + (long)fieldCount * (4 + 4 + 4 * PROGRAM_STRIDE) + specLength;
    }

    /**
     * @return the bytes this template is counted for ({@link #memoryBytes(int, int)}).
     */
    long memoryBytes()
    {
        return memoryBytes(fieldCount, spec.length);
    }

    /**
     * @return the template id.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return the source id or observation domain id.
     */
    public long domainId()
    {
        return domainId;
    }

    /**
     * @return true for an options template.
     */
    public boolean isOptions()
    {
        return options;
    }

    /**
     * @return number of fields.
     */
    public int fieldCount()
    {
        return fieldCount;
    }

    /**
     * @return the smallest record length in bytes (variable-length fields counted as 1).
     */
    public int minRecordLength()
    {
        return minRecordLength;
    }

    /**
     * @param buffer big-endian buffer.
     * @param offset where the template's field specifiers start.
     * @param length their length in bytes.
     * @param isOptions whether the incoming template is an options template.
     * @return true when the bytes describe exactly this template.
     */
    boolean sameAs(final ByteBuffer buffer, final int offset, final int length, final boolean isOptions)
    {
        if (isOptions != options || length != spec.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.get(offset + i) != spec[i])
            {
                return false;
            }
        }
        return true;
    }
}
