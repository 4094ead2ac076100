package io.fnm.capture.netflow;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The templates one decoder knows, keyed per (exporter, source id / observation domain, template id). Templates
 * expire when not refreshed for the timeout; the cache is bounded per exporter and in total, by count and by bytes,
 * evicting the least recently refreshed template, so neither a flood of template ids nor templates of thousands of
 * fields can exhaust memory. A template is counted for {@link Template#memoryBytes(int, int)} (160 + 20 bytes per
 * field + its specifiers: a template of 16 369 fields, the most a datagram carries, 393 KB) and checked before it is
 * built: one with more fields than the field bound, or larger than an exporter's byte bound, is dropped (counted by
 * {@link #dropped()}), and a template it would have replaced under the same id is removed with it. IPFIX options
 * templates and NetFlow v9 options templates are learned, bounded and dropped the same way. Single-threaded.
 */
final class TemplateCache
{
    private final int maxPerExporter;
    private final int maxTotal;
    private final int maxFields;
    private final long maxBytesPerExporter;
    private final long maxBytesTotal;
    private final long timeoutMillis;
    private long bytes;
    private long dropped;
    private Template oldest;
    private Template newest;
    private int total;
    private long evictions;
    private long expirations;
    private long withdrawals;
    private long updates;

    /**
     * @param maxPerExporter most templates kept for one exporter.
     * @param maxTotal       most templates kept in all.
     * @param timeoutMillis  a template not refreshed for this long is forgotten.
     */
    public TemplateCache(final int maxPerExporter, final int maxTotal, final long timeoutMillis)
    {
        this(maxPerExporter, maxTotal, NetflowSettings.DEFAULT_MAX_TEMPLATE_FIELDS,
            NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_PER_EXPORTER, NetflowSettings.DEFAULT_MAX_TEMPLATE_BYTES_TOTAL,
            timeoutMillis);
    }

    /**
     * @param maxPerExporter      most templates kept for one exporter.
     * @param maxTotal            most templates kept in all.
     * @param maxFields           most fields of one template.
     * @param maxBytesPerExporter most template bytes kept for one exporter.
     * @param maxBytesTotal       most template bytes kept in all.
     * @param timeoutMillis       a template not refreshed for this long is forgotten.
     */
    public TemplateCache(final int maxPerExporter, final int maxTotal, final int maxFields,
        final long maxBytesPerExporter, final long maxBytesTotal, final long timeoutMillis)
    {
        this.maxPerExporter = maxPerExporter;
        this.maxTotal = maxTotal;
        this.maxFields = maxFields;
        this.maxBytesPerExporter = maxBytesPerExporter;
        this.maxBytesTotal = maxBytesTotal;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * @param exporter   the exporter.
     * @param domainId   source id / observation domain.
     * @param templateId template id.
     * @return the template, or null.
     */
    public Template find(final ExporterState exporter, final long domainId, final int templateId)
    {
        return exporter.templates.get(Template.key(domainId, templateId));
    }

    /**
     * Learn, refresh or replace a template.
     *
     * @param exporter    the exporter.
     * @param domainId    source id / observation domain.
     * @param templateId  template id.
     * @param options     true for an options template.
     * @param buffer      the datagram.
     * @param specOffset  where the template's field specifiers start (for change detection).
     * @param specLength  their length.
     * @param actions     compiled opcodes (copied).
     * @param lengths     field lengths (copied).
     * @param fieldCount  number of fields.
     * @param nowMillis   the time, for expiry.
     * @return the template now in the cache, or null when it was dropped (too many fields or bytes).
     */
    public Template put(
        final ExporterState exporter,
        final long domainId,
        final int templateId,
        final boolean options,
        final ByteBuffer buffer,
        final int specOffset,
        final int specLength,
        final int[] actions,
        final int[] lengths,
        final int fieldCount,
        final long nowMillis)
    {
        final Template existing = find(exporter, domainId, templateId);
        if (existing != null)
        {
            if (existing.sameAs(buffer, specOffset, specLength, options))
            {
                existing.lastSeenMillis = nowMillis;
                unlink(existing);
                link(existing);
                return existing;
            }
            remove(existing);
            updates++;
        }
        final long cost = Template.memoryBytes(fieldCount, specLength);
        if (fieldCount > maxFields || cost > maxBytesPerExporter || cost > maxBytesTotal)
        {
            dropped++;
            return null;
        }
        final byte[] spec = new byte[specLength];
        for (int i = 0; i < specLength; i++)
        {
            spec[i] = buffer.get(specOffset + i);
        }
        final Template template = new Template(
            exporter, domainId, templateId, options,
            Arrays.copyOf(actions, fieldCount), Arrays.copyOf(lengths, fieldCount), spec);
        template.lastSeenMillis = nowMillis;
        exporter.templates.put(template.key, template);
        link(template);
        total++;
        bytes += cost;
        exporter.templateBytes += cost;
        while ((exporter.templates.size() > maxPerExporter || exporter.templateBytes > maxBytesPerExporter) &&
            exporter.oldest != template)
        {
            remove(exporter.oldest);
            evictions++;
        }
        while ((total > maxTotal || bytes > maxBytesTotal) && oldest != template)
        {
            remove(oldest);
            evictions++;
        }
        exporter.set(ExporterState.TEMPLATES_KNOWN, exporter.templates.size());
        return template;
    }

    /**
     * IPFIX template withdrawal (RFC 7011 section 8.1).
     *
     * @param exporter   the exporter.
     * @param domainId   observation domain.
     * @param templateId template id to withdraw.
     */
    public void withdraw(final ExporterState exporter, final long domainId, final int templateId)
    {
        final Template template = find(exporter, domainId, templateId);
        if (template != null)
        {
            remove(template);
            withdrawals++;
        }
    }

    /**
     * IPFIX withdraw-all: every template (or every options template) of an observation domain.
     *
     * @param exporter the exporter.
     * @param domainId observation domain.
     * @param options  true to withdraw options templates, false for data templates.
     */
    public void withdrawAll(final ExporterState exporter, final long domainId, final boolean options)
    {
        Template template = exporter.oldest;
        while (template != null)
        {
            final Template next = template.exporterNext;
            if (template.domainId == domainId && template.options == options)
            {
                remove(template);
                withdrawals++;
            }
            template = next;
        }
    }

    /**
     * Forget templates not refreshed within the timeout.
     *
     * @param nowMillis the time.
     * @return how many expired.
     */
    public int expire(final long nowMillis)
    {
        int expired = 0;
        while (oldest != null && nowMillis - oldest.lastSeenMillis > timeoutMillis)
        {
            remove(oldest);
            expirations++;
            expired++;
        }
        return expired;
    }

    /**
     * Forget every template of an exporter (when the exporter itself is evicted).
     *
     * @param exporter the exporter.
     */
    public void removeAll(final ExporterState exporter)
    {
        while (exporter.oldest != null)
        {
            remove(exporter.oldest);
        }
    }

    /**
     * @return templates held.
     */
    public int size()
    {
        return total;
    }

    /**
     * @return bytes held by the templates ({@link Template#memoryBytes()} summed).
     */
    public long bytes()
    {
        return bytes;
    }

    /**
     * @return templates dropped for too many fields or bytes.
     */
    public long dropped()
    {
        return dropped;
    }

    /**
     * @return templates evicted to respect a bound.
     */
    public long evictions()
    {
        return evictions;
    }

    /**
     * @return templates expired.
     */
    public long expirations()
    {
        return expirations;
    }

    /**
     * @return templates withdrawn by IPFIX withdrawal messages.
     */
    public long withdrawals()
    {
        return withdrawals;
    }

    /**
     * @return templates replaced by a different definition under the same id.
     */
    public long updates()
    {
        return updates;
    }

    private void remove(final Template template)
    {
        final ExporterState exporter = template.exporter;
        exporter.templates.remove(template.key);
        unlink(template);
        total--;
        final long cost = template.memoryBytes();
        bytes -= cost;
        exporter.templateBytes -= cost;
        exporter.set(ExporterState.TEMPLATES_KNOWN, exporter.templates.size());
    }

    private void link(final Template template)
    {
        final ExporterState exporter = template.exporter;
        template.exporterPrevious = exporter.newest;
        template.exporterNext = null;
        if (exporter.newest != null)
        {
            exporter.newest.exporterNext = template;
        }
        else
        {
            exporter.oldest = template;
        }
        exporter.newest = template;

        template.globalPrevious = newest;
        template.globalNext = null;
        if (newest != null)
        {
            newest.globalNext = template;
        }
        else
        {
            oldest = template;
        }
        newest = template;
    }

    private void unlink(final Template template)
    {
        final ExporterState exporter = template.exporter;
        if (template.exporterPrevious != null)
        {
            template.exporterPrevious.exporterNext = template.exporterNext;
        }
        else
        {
            exporter.oldest = template.exporterNext;
        }
        if (template.exporterNext != null)
        {
            template.exporterNext.exporterPrevious = template.exporterPrevious;
        }
        else
        {
            exporter.newest = template.exporterPrevious;
        }
        if (template.globalPrevious != null)
        {
            template.globalPrevious.globalNext = template.globalNext;
        }
        else
        {
            oldest = template.globalNext;
        }
        if (template.globalNext != null)
        {
            template.globalNext.globalPrevious = template.globalPrevious;
        }
        else
        {
            newest = template.globalPrevious;
        }
        template.exporterPrevious = null;
        template.exporterNext = null;
        template.globalPrevious = null;
        template.globalNext = null;
    }
}
