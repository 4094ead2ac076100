package io.fnm.examples.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The clients of {@link ApiPollingLoad}, in their own JVM: {@code n} clients each sending one GET to the URL every
 * second, spread evenly over the second, until the process is stopped; prints answers and failures every 5 s.
 */
final class ApiPollers
{
    private ApiPollers()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final URI uri = URI.create(args[0]);
        final int clients = Integer.parseInt(args[1]);
        final AtomicLong answers = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(4);
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        for (int c = 0; c < clients; c++)
        {
            pollers.scheduleAtFixedRate(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> (e == null && r.statusCode() == 200 ? answers : failures).incrementAndGet()),
                c * 1000L / clients, 1000, TimeUnit.MILLISECONDS);
        }
        while (true)
        {
            Thread.sleep(5_000);
            System.out.printf(Locale.ROOT, "pollers: %d answers, %d failures%n", answers.get(), failures.get());
        }
    }
}
