package io.fnm.capture.testkit;

import io.fnm.config.ConfigView;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A {@link ConfigView} that remembers every key asked for, to check a provider declares every key it reads.
 */
public final class RecordingConfigView implements ConfigView
{
    private final ConfigView delegate;
    private final Set<String> read = Collections.synchronizedSet(new LinkedHashSet<>());

    /**
     * @param delegate the settings answered.
     */
    public RecordingConfigView(final ConfigView delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public String get(final String key)
    {
        read.add(key);
        return delegate.get(key);
    }

    @Override
    public String location(final String key)
    {
        return delegate.location(key);
    }

    @Override
    public Set<String> keys()
    {
        return delegate.keys();
    }

    /**
     * @return every key asked for so far, in order.
     */
    public Set<String> keysRead()
    {
        synchronized (read)
        {
            return Set.copyOf(read);
        }
    }
}
