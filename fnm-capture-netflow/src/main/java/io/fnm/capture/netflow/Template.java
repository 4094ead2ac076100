package io.fnm.capture.netflow;

import io.fnm.capture.netflow.internal.FieldAction;

import java.nio.ByteBuffer;

/**
 * A NetFlow v9 or IPFIX (options) template compiled into a program: one opcode ({@link FieldAction}) and one length
 * per field, {@link #VARIABLE_LENGTH} for variable-length fields. Also a node in two age-ordered lists (its exporter's
 * and the whole cache's), so eviction and expiry are O(1) per template.
 */
final class Template
{
    /** Field length that announces a variable-length encoding (RFC 7011 section 7). */
    public static final int VARIABLE_LENGTH = 0xFFFF;

    final ExporterState exporter;
    final long key;
    final int templateId;
    final long domainId;
    final boolean options;
    final int[] actions;
    final int[] lengths;
    final int fieldCount;
    final int minRecordLength;
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
        this.actions = actions;
        this.lengths = lengths;
        this.fieldCount = actions.length;
        this.spec = spec;
        int min = 0;
        boolean packets = false;
        boolean bytes = false;
        boolean flowId = false;
        for (int i = 0; i < fieldCount; i++)
        {
            min += lengths[i] == VARIABLE_LENGTH ? 1 : lengths[i];
            packets |= actions[i] == FieldAction.PACKETS || actions[i] == FieldAction.PERMANENT_PACKETS;
            bytes |= actions[i] == FieldAction.BYTES || actions[i] == FieldAction.PERMANENT_BYTES;
            flowId |= actions[i] == FieldAction.FLOW_ID;
        }
        this.minRecordLength = min;
        this.hasPackets = packets;
        this.hasBytes = bytes;
        this.hasFlowId = flowId;
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
