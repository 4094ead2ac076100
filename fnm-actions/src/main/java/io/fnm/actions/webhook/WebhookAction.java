package io.fnm.actions.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.internal.Delivery;
import io.fnm.actions.internal.QueuedAction;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs the attack JSON ({@link AttackJson}) to {@code webhook_url} on ban, attack details and unban, with
 * {@code Content-Type: application/json} and the configured headers. The body adds two fields chat tools display as
 * the message: {@code text} (Slack incoming webhooks, Mattermost, Rocket.Chat) and {@code content} (Discord), e.g.
 * <pre>{@code fnm: ban 203.0.113.7 incoming udp_flood, 120000 pps (threshold pps, hostgroup global)}</pre>
 * A response other than 2xx, a refused connection or a timeout ({@code webhook_timeout}, for the connection and for
 * the whole response) fails the attempt; the write is tried again with exponential backoff up to
 * {@code webhook_retries} attempts, on the output's own thread, so a slow or dead endpoint delays nothing else. A 4xx
 * answer other than 408 and 429 (a wrong URL or token) is not retried: another attempt would get the same.
 */
public final class WebhookAction extends QueuedAction
{
    /** The name of this output, its counters' {@code action} label. */
    public static final String NAME = "webhook";

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final ExecutorService httpExecutor;
    private final HttpClient http;

    /**
     * @param url     the endpoint (http or https).
     * @param headers extra request headers (e.g. {@code Authorization}).
     * @param timeout connect timeout and whole-request timeout of one attempt.
     * @param retry   attempts and backoff of one POST.
     * @param clock   the clock of {@code event_time} and {@code unbanned_at}.
     */
    public WebhookAction(final URI url, final Map<String, String> headers, final Duration timeout,
        final RetryPolicy retry, final Clock clock)
    {
        super(NAME, retry, clock);
        this.url = Objects.requireNonNull(url, "url");
        this.headers = Map.copyOf(headers);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.httpExecutor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "fnm-output-webhook-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(httpExecutor)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * @param attack    the attack.
     * @param event     the event.
     * @param records   the sampled records.
     * @param eventTime when the event happened.
     * @return the body: the attack JSON plus {@code text} and {@code content}.
     */
    public static ObjectNode body(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant eventTime)
    {
        final ObjectNode body = AttackJson.tree(attack, event, records, eventTime);
        final String text = message(attack, event, records.size());
        body.put("text", text);
        body.put("content", text);
        return body;
    }

    /**
     * @param attack  the attack.
     * @param event   the event.
     * @param records how many records came with the details.
     * @return the one-line chat message.
     */
    public static String message(final Attack attack, final AttackEvent event, final int records)
    {
        final StringBuilder sb = new StringBuilder(160).append("fnm: ").append(event.text()).append(' ')
            .append(attack.ip());
        if (attack.manual())
        {
            return sb.append(" (manual)").toString();
        }
        sb.append(' ').append(attack.direction().text()).append(' ').append(attack.type().text()).append(", ")
            .append(event == AttackEvent.BAN ? attack.initialPowerPps() : attack.peakPowerPps())
            .append(event == AttackEvent.BAN ? " pps" : " pps peak");
        sb.append(" (threshold ").append(attack.threshold() == null ? "none" :
            attack.threshold().name().toLowerCase(java.util.Locale.ROOT)).append(", hostgroup ")
            .append(attack.hostgroup()).append(')');
        if (event == AttackEvent.DETAILS)
        {
            sb.append(", ").append(records).append(" records sampled");
        }
        return sb.toString();
    }

    @Override
    protected Delivery.Write prepare(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant now)
    {
        final byte[] body = AttackJson.write(body(attack, event, records, now)).getBytes(StandardCharsets.UTF_8);
        final HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json").header("User-Agent", "fnm")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        final HttpRequest request = builder.build();
        return () ->
        {
            final HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            final int status = response.statusCode();
            if (status / 100 == 4 && status != 408 && status != 429)
            {
                throw new Delivery.PermanentFailure("POST " + url + " answered HTTP " + status + "; not retried");
            }
            if (status / 100 != 2)
            {
                throw new IOException("POST " + url + " answered HTTP " + status);
            }
        };
    }

    /**
     * Stop the HTTP client's thread, once the queue's thread has stopped.
     */
    @Override
    protected void release()
    {
        httpExecutor.shutdownNow();
    }

    @Override
    public String toString()
    {
        return "WebhookAction{" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" :
            ":" + url.getPort()) + '}';
    }
}
