package io.fnm.actions.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnm.actions.internal.Delivery;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;

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
public final class WebhookAction implements AttackAction, AutoCloseable
{
    /** The name of this output, its counters' {@code action} label. */
    public static final String NAME = "webhook";

    private static final int QUEUE_CAPACITY = 1000;

    private final URI url;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final Delivery delivery;

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
        this.url = Objects.requireNonNull(url, "url");
        this.headers = Map.copyOf(headers);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.httpExecutor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "fnm-output-webhook-http");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().connectTimeout(timeout).executor(httpExecutor)
            .followRedirects(HttpClient.Redirect.NEVER).build();
        this.delivery = new Delivery(NAME, QUEUE_CAPACITY, retry);
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
    public void onBan(final Attack attack)
    {
        post(attack, AttackEvent.BAN, List.of());
    }

    @Override
    public void onAttackDetails(final Attack attack, final List<TrafficRecord> records)
    {
        post(attack, AttackEvent.DETAILS, records);
    }

    @Override
    public void onUnban(final Attack attack)
    {
        post(attack, AttackEvent.UNBAN, List.of());
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public void counters(final CounterVisitor visitor)
    {
        delivery.counters(visitor);
    }

    /**
     * @param waitFor the longest wait.
     * @return true when every event handed over so far is delivered (or given up).
     * @throws InterruptedException when interrupted.
     */
    public boolean awaitWritten(final Duration waitFor) throws InterruptedException
    {
        return delivery.awaitIdle(waitFor);
    }

    /**
     * @return the write queue (for tests).
     */
    Delivery delivery()
    {
        return delivery;
    }

    /**
     * Deliver what is queued (for up to 2 s) and stop the output's threads.
     */
    @Override
    public void close()
    {
        delivery.close();
        httpExecutor.shutdownNow();
    }

    private void post(final Attack attack, final AttackEvent event, final List<TrafficRecord> records)
    {
        final byte[] body = AttackJson.write(body(attack, event, records, Instant.ofEpochMilli(clock.epochMillis())))
            .getBytes(StandardCharsets.UTF_8);
        final HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json").header("User-Agent", "fnm")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        final HttpRequest request = builder.build();
        delivery.submit(event.text(), () ->
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
        });
    }

    @Override
    public String toString()
    {
        return "WebhookAction{" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" :
            ":" + url.getPort()) + '}';
    }
}
