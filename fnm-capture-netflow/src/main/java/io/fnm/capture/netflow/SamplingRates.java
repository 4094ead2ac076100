package io.fnm.capture.netflow;

import io.fnm.capture.netflow.internal.FieldAction;

import java.nio.ByteBuffer;

/**
 * Sampling rates of v9 and IPFIX: the sampling fields of one record (IE 34/50, sampler or selector id IE 48/302, PSAMP
 * IE 304/305/306/309/310, NetFlow Lite IE 318/319), what an options record announces from them (kept per exporter
 * and per sampler), and the rate a data record is counted with: its own IE 34/50 (Huawei, MikroTik: then the
 * exporter's rate from now on), its sampler's, the exporter's, else the configured fallback.
 */
final class SamplingRates
{
    private final long fallbackRate;
    private long samplingInterval;
    private long samplerId;
    private boolean hasSamplerId;
    private boolean samplerIsSelector;
    private long selectorAlgorithm;
    private long samplingPacketInterval;
    private long samplingPacketSpace;
    private long samplingSize;
    private long samplingPopulation;
    private long packetsObserved;
    private long packetsSelected;

    /**
     * @param fallbackRate the rate of records whose exporter announced none.
     */
    SamplingRates(final long fallbackRate)
    {
        this.fallbackRate = fallbackRate;
    }

    /**
     * Forget the previous record's sampling fields.
     */
    void clear()
    {
        samplingInterval = 0;
        samplerId = 0;
        hasSamplerId = false;
        samplerIsSelector = false;
        selectorAlgorithm = 0;
        samplingPacketInterval = 0;
        samplingPacketSpace = 0;
        samplingSize = 0;
        samplingPopulation = 0;
        packetsObserved = 0;
        packetsSelected = 0;
    }

    /**
     * Read a field if it is a sampling field.
     *
     * @param action the field's {@link FieldAction}.
     * @param b      the datagram.
     * @param offset where the field starts.
     * @param length its length.
     */
    void field(final int action, final ByteBuffer b, final int offset, final int length)
    {
        switch (action)
        {
            case FieldAction.SAMPLING_INTERVAL:
            case FieldAction.SAMPLER_RANDOM_INTERVAL:
                if (samplingInterval == 0)
                {
                    samplingInterval = FieldValues.unsigned(b, offset, length);
                }
                break;
            case FieldAction.SAMPLER_ID:
            case FieldAction.SELECTOR_ID:
                if (!hasSamplerId)
                {
                    samplerId = FieldValues.unsigned(b, offset, length);
                    hasSamplerId = true;
                    samplerIsSelector = action == FieldAction.SELECTOR_ID;
                }
                break;
            case FieldAction.SELECTOR_ALGORITHM:
                selectorAlgorithm = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_PACKET_INTERVAL:
                samplingPacketInterval = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_PACKET_SPACE:
                samplingPacketSpace = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_SIZE:
                samplingSize = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.SAMPLING_POPULATION:
                samplingPopulation = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.PACKETS_OBSERVED:
                packetsObserved = FieldValues.unsigned(b, offset, length);
                break;
            case FieldAction.PACKETS_SELECTED:
                packetsSelected = FieldValues.unsigned(b, offset, length);
                break;
            default:
                break;
        }
    }

    /**
     * Keep the rate an options record announces: for its sampler if it names one, and as the exporter's rate
     * unless a sampler's rate is already the exporter's.
     *
     * @param exporter the exporter.
     * @param domainId the source id / observation domain.
     */
    void applyAnnounced(final ExporterState exporter, final long domainId)
    {
        final long rate = announcedRate();
        if (rate <= 0)
        {
            return;
        }
        if (hasSamplerId)
        {
            exporter.samplerRate(ExporterState.samplerKey(domainId, samplerId, samplerIsSelector), rate);
        }
        if (!hasSamplerId || exporter.samplingRate == 0)
        {
            exporter.samplingRate = rate;
            exporter.set(ExporterState.SAMPLING_RATE, rate);
        }
    }

    /**
     * @param exporter the exporter.
     * @param domainId the source id / observation domain.
     * @return the rate a data record with the fields read is counted with.
     */
    long recordRate(final ExporterState exporter, final long domainId)
    {
        if (samplingInterval > 0)
        {
            // Huawei / MikroTik put the rate in every data record: it is the exporter's rate from now on
            if (exporter.samplingRate != samplingInterval)
            {
                exporter.samplingRate = samplingInterval;
                exporter.set(ExporterState.SAMPLING_RATE, samplingInterval);
            }
            return samplingInterval;
        }
        if (hasSamplerId)
        {
            final long rate = exporter.samplerRate(ExporterState.samplerKey(domainId, samplerId, samplerIsSelector));
            if (rate > 0)
            {
                return rate;
            }
        }
        return exporter.samplingRate > 0 ? exporter.samplingRate : fallbackRate;
    }

    private long announcedRate()
    {
        if (samplingInterval > 0)
        {
            return samplingInterval;
        }
        if (samplingPacketInterval > 0)
        {
            if (selectorAlgorithm == 1 || samplingPacketSpace > 0)
            {
                return (samplingPacketSpace + samplingPacketInterval) / samplingPacketInterval;
            }
            return samplingPacketInterval;
        }
        if (samplingSize > 0 && samplingPopulation > 0)
        {
            return Math.max(1, samplingPopulation / samplingSize);
        }
        if (packetsObserved > 0 && packetsSelected > 0)
        {
            // NetFlow Lite / PSAMP selector statistics: the effective rate, rounded to the nearest integer
            return Math.max(1, (packetsObserved + packetsSelected / 2) / packetsSelected);
        }
        return 0;
    }
}
