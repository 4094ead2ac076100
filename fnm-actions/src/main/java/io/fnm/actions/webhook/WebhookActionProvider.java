package io.fnm.actions.webhook;

import io.fnm.actions.internal.OutputSettings;
import io.fnm.capture.Clock;
import io.fnm.config.ConfigKey;
import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.spi.AttackActionProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates the {@link WebhookAction} (keys of ours; FastNetMon has no webhook): {@code webhook_url} (an http or https
 * URL; setting it switches the webhook on), {@code webhook_headers} (comma-separated {@code Name: value} pairs, e.g.
 * {@code Authorization: Bearer abc}), {@code webhook_timeout} (seconds per attempt, default 5) and
 * {@code webhook_retries} (attempts per POST, default 3).
 */
public final class WebhookActionProvider implements AttackActionProvider
{
    /** The endpoint. */
    public static final String URL_KEY = "webhook_url";
    /** Extra headers. */
    public static final String HEADERS_KEY = "webhook_headers";
    /** Seconds per attempt. */
    public static final String TIMEOUT_KEY = "webhook_timeout";
    /** Attempts per POST. */
    public static final String RETRIES_KEY = "webhook_retries";
    /** Default of {@link #TIMEOUT_KEY}. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;

    private static final List<ConfigKey> KEYS = List.of(
        ConfigKey.of(URL_KEY, "POST the attack JSON here on ban, details and unban; setting it switches it on"),
        ConfigKey.of(HEADERS_KEY, "extra headers, comma-separated 'Name: value' pairs"),
        ConfigKey.of(TIMEOUT_KEY, "seconds per attempt (default " + DEFAULT_TIMEOUT_SECONDS + ")"),
        ConfigKey.of(RETRIES_KEY, "attempts per POST, with exponential backoff (default " +
            OutputSettings.DEFAULT_ATTEMPTS + ")"));

    @Override
    public String name()
    {
        return WebhookAction.NAME;
    }

    @Override
    public List<ConfigKey> configKeys()
    {
        return KEYS;
    }

    @Override
    public boolean isEnabled(final ConfigView config)
    {
        final String url = config.get(URL_KEY);
        return url != null && !url.isEmpty();
    }

    @Override
    public AttackAction create(final ConfigView config)
    {
        final String text = config.string(URL_KEY, "");
        final URI url;
        try
        {
            url = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            throw config.error(URL_KEY, "'" + text + "' is not a URL: " + ex.getReason());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null)
        {
            throw config.error(URL_KEY, "'" + text + "' is not an http or https URL with a host");
        }
        final Map<String, String> headers = new LinkedHashMap<>();
        for (final String pair : config.list(HEADERS_KEY))
        {
            final int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1)
            {
                throw config.error(HEADERS_KEY, "'" + pair + "' is not 'Name: value'");
            }
            headers.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
        }
        final int timeoutSeconds = config.intValue(TIMEOUT_KEY, DEFAULT_TIMEOUT_SECONDS, 1, 600);
        return new WebhookAction(url, headers, Duration.ofSeconds(timeoutSeconds),
            OutputSettings.retry(config, RETRIES_KEY), Clock.SYSTEM);
    }
}
