package io.fnm.capture.netflow;

import io.fnm.capture.netflow.internal.FieldAction;
import io.fnm.capture.netflow.internal.FlowSetHeader;
import io.fnm.capture.netflow.internal.IpfixHeader;

import java.nio.ByteBuffer;

/**
 * Reads template sets (v9 templates and options templates, IPFIX templates, options templates and withdrawals),
 * compiles each field to its {@link FieldAction} and hands the template to the {@link TemplateCache}, counting what
 * was learned, updated, evicted and withdrawn. Reused by one decoding thread: {@link #begin} sets the datagram's
 * context, then each set is read; a method returns false when its set is malformed (what came before is kept).
 */
final class TemplateReader
{
    private static final int MAX_FIELDS = 65536 / 4;

    private final TemplateCache templates;
    private final DecoderCounters counters;
    private final int[] actionScratch = new int[MAX_FIELDS];
    private final int[] lengthScratch = new int[MAX_FIELDS];
    private ByteBuffer buffer;
    private ExporterState exporter;
    private long domainId;
    private long now;

    /**
     * @param templates where templates are kept.
     * @param counters  where template events are counted.
     */
    TemplateReader(final TemplateCache templates, final DecoderCounters counters)
    {
        this.templates = templates;
        this.counters = counters;
    }

    /**
     * Set the datagram whose template sets are read next.
     *
     * @param datagram the datagram (big-endian).
     * @param state    the exporter it came from.
     * @param domain   its source id / observation domain.
     * @param nowMillis the time, for template expiry.
     */
    void begin(final ByteBuffer datagram, final ExporterState state, final long domain, final long nowMillis)
    {
        buffer = datagram;
        exporter = state;
        domainId = domain;
        now = nowMillis;
    }

    /**
     * Forget the datagram.
     */
    void end()
    {
        buffer = null;
    }

    /**
     * @param first where the set's records start.
     * @param end   where the set ends.
     * @return false when the set is malformed.
     */
    boolean v9Templates(final int first, final int end)
    {
        int offset = first;
        while (end - offset >= 4)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int fieldCount = buffer.getShort(offset + 2) & 0xFFFF;
            if (templateId == 0 && fieldCount == 0)
            {
                return true;
            }
            final int specLength = fieldCount * 4;
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID || fieldCount == 0 || specLength > end - offset - 4)
            {
                return false;
            }
            final int spec = offset + 4;
            for (int i = 0; i < fieldCount; i++)
            {
                final int type = buffer.getShort(spec + i * 4) & 0xFFFF;
                actionScratch[i] = FieldAction.of(type, false);
                lengthScratch[i] = buffer.getShort(spec + i * 4 + 2) & 0xFFFF;
            }
            learn(templateId, false, spec, specLength, fieldCount);
            offset = spec + specLength;
        }
        return true;
    }

    /**
     * @param first where the set's records start.
     * @param end   where the set ends.
     * @return false when the set is malformed.
     */
    boolean v9OptionsTemplates(final int first, final int end)
    {
        int offset = first;
        while (end - offset >= 6)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int scopeLength = buffer.getShort(offset + 2) & 0xFFFF;
            final int optionLength = buffer.getShort(offset + 4) & 0xFFFF;
            if (templateId == 0)
            {
                return true;
            }
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID || (scopeLength & 3) != 0 || (optionLength & 3) != 0 ||
                scopeLength + optionLength == 0 || scopeLength + optionLength > end - offset - 6)
            {
                return false;
            }
            final int spec = offset + 6;
            final int scopeCount = scopeLength / 4;
            final int fieldCount = scopeCount + optionLength / 4;
            for (int i = 0; i < fieldCount; i++)
            {
                final int type = buffer.getShort(spec + i * 4) & 0xFFFF;
                // v9 scope types (system, interface, line card, cache, template) are not information elements
                actionScratch[i] = i < scopeCount ? FieldAction.SKIP : FieldAction.of(type, false);
                lengthScratch[i] = buffer.getShort(spec + i * 4 + 2) & 0xFFFF;
            }
            learn(templateId, true, offset + 2, 4 + scopeLength + optionLength, fieldCount);
            offset = spec + scopeLength + optionLength;
        }
        return true;
    }

    /**
     * @param first   where the set's records start.
     * @param end     where the set ends.
     * @param options whether it is an options template set.
     * @return false when the set is malformed.
     */
    boolean ipfixTemplates(final int first, final int end, final boolean options)
    {
        int offset = first;
        while (end - offset >= 4)
        {
            final int templateId = buffer.getShort(offset) & 0xFFFF;
            final int fieldCount = buffer.getShort(offset + 2) & 0xFFFF;
            if (templateId == 0 && fieldCount == 0)
            {
                return true;
            }
            if (fieldCount == 0)
            {
                if (!withdraw(templateId, options))
                {
                    return false;
                }
                offset += 4;
                continue;
            }
            int spec = offset + 4;
            if (options)
            {
                if (end - offset < 6)
                {
                    return false;
                }
                final int scopeCount = buffer.getShort(offset + 4) & 0xFFFF;
                spec = offset + 6;
                if (scopeCount == 0 || scopeCount > fieldCount)
                {
                    return false;
                }
            }
            if (templateId < FlowSetHeader.MIN_DATA_SET_ID)
            {
                return false;
            }
            final int specEnd = ipfixFieldSpecifiers(spec, end, fieldCount);
            if (specEnd < 0)
            {
                return false;
            }
            learn(templateId, options, offset + 2, specEnd - offset - 2, fieldCount);
            offset = specEnd;
        }
        return true;
    }

    /**
     * Compile IPFIX field specifiers (enterprise ones take 4 more bytes and are skipped) into the scratch.
     *
     * @return where the specifiers end, or -1 when they overrun the set.
     */
    private int ipfixFieldSpecifiers(final int spec, final int end, final int fieldCount)
    {
        int position = spec;
        for (int i = 0; i < fieldCount; i++)
        {
            if (end - position < 4)
            {
                return -1;
            }
            final int type = buffer.getShort(position) & 0xFFFF;
            lengthScratch[i] = buffer.getShort(position + 2) & 0xFFFF;
            position += 4;
            final boolean enterprise = (type & 0x8000) != 0;
            if (enterprise)
            {
                if (end - position < 4)
                {
                    return -1;
                }
                position += 4;
            }
            actionScratch[i] = FieldAction.of(type & 0x7FFF, enterprise);
        }
        return position;
    }

    /**
     * An IPFIX withdrawal: the set id withdraws all templates of its kind, a template id that one template.
     *
     * @return false when the id is neither.
     */
    private boolean withdraw(final int templateId, final boolean options)
    {
        final int setId = options ? IpfixHeader.OPTIONS_TEMPLATE_SET_ID : IpfixHeader.TEMPLATE_SET_ID;
        final long before = templates.withdrawals();
        if (templateId == setId)
        {
            templates.withdrawAll(exporter, domainId, options);
        }
        else if (templateId >= FlowSetHeader.MIN_DATA_SET_ID)
        {
            templates.withdraw(exporter, domainId, templateId);
        }
        else
        {
            return false;
        }
        counters.add(NetflowCounter.TEMPLATES_WITHDRAWN, templates.withdrawals() - before);
        return true;
    }

    private void learn(
        final int templateId, final boolean options, final int specOffset, final int specLength, final int fieldCount)
    {
        final long updatesBefore = templates.updates();
        final long evictionsBefore = templates.evictions();
        final long droppedBefore = templates.dropped();
        final Template existing = templates.find(exporter, domainId, templateId);
        final Template learned = templates.put(
            exporter, domainId, templateId, options, buffer, specOffset, specLength,
            actionScratch, lengthScratch, fieldCount, now);
        if (learned != null && learned != existing)
        {
            counters.add(NetflowCounter.TEMPLATES_LEARNED, 1);
        }
        counters.add(NetflowCounter.TEMPLATES_DROPPED, templates.dropped() - droppedBefore);
        counters.add(NetflowCounter.TEMPLATE_UPDATES, templates.updates() - updatesBefore);
        counters.add(NetflowCounter.TEMPLATES_EVICTED, templates.evictions() - evictionsBefore);
    }
}
