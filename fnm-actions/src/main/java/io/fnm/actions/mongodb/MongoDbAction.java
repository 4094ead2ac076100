package io.fnm.actions.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import io.fnm.actions.internal.Delivery;
import io.fnm.actions.internal.QueuedAction;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * FastNetMon's MongoDB output (reference §5.6), with a document a query can use: database
 * {@code mongodb_database_name}, collection {@value #COLLECTION}, one document per ban whose {@code _id} is the
 * attack's UUID and whose fields are those of the attack JSON ({@link AttackJson}: {@code ip}, {@code action},
 * {@code attack_details.*}, {@code packet_dump_detailed}), with the times as BSON dates. The ban inserts it, the
 * attack details add {@code packet_dump_detailed}, the unban sets {@code action: "unban"} and
 * {@code attack_details.unbanned_at} (a {@code $set} upsert each time, so an event is never lost for want of the
 * earlier one). An ascending index on {@code ip} is created with the first write.
 * <p>
 * FastNetMon inserts one field named {@code <ip>_information_<DD_MM_YY_HH:MM:SS>} with the dots replaced, which no
 * index or query can use, writes IPv4 bans only, and never the unban; fnm writes IPv6 too. The official driver's
 * pooled client is used with connect, read and server-selection timeouts; failed writes are retried with exponential
 * backoff on the output's own thread.
 */
public final class MongoDbAction extends QueuedAction
{
    /** The name of this output, its counters' {@code action} label. */
    public static final String NAME = "mongodb";
    /** The collection, as FastNetMon. */
    public static final String COLLECTION = "attacks";

    private static final Set<String> TIME_FIELDS = Set.of("event_time", "detected_at", "banned_at", "unban_at",
        "unbanned_at", "captured_at");

    private final MongoClient client;
    private final MongoCollection<Document> attacks;
    private boolean indexed;

    /**
     * @param host     MongoDB host.
     * @param port     MongoDB port.
     * @param database the database.
     * @param timeout  connect, read and server-selection timeout of one attempt.
     * @param retry    attempts and backoff of one write.
     * @param clock    the clock of {@code event_time} and {@code unbanned_at}.
     */
    public MongoDbAction(final String host, final int port, final String database, final Duration timeout,
        final RetryPolicy retry, final Clock clock)
    {
        super(NAME, retry, clock);
        final long millis = timeout.toMillis();
        final MongoClientSettings settings = MongoClientSettings.builder()
            .applyToClusterSettings(b -> b.hosts(List.of(new ServerAddress(host, port)))
                .serverSelectionTimeout(millis, TimeUnit.MILLISECONDS))
            .applyToSocketSettings(b -> b.connectTimeout((int)millis, TimeUnit.MILLISECONDS)
                .readTimeout((int)millis, TimeUnit.MILLISECONDS))
            .applyToConnectionPoolSettings(b -> b.maxSize(2).minSize(0).maxWaitTime(millis, TimeUnit.MILLISECONDS))
            .applicationName("fnm")
            .build();
        this.client = MongoClients.create(settings);
        this.attacks = client.getDatabase(database).getCollection(COLLECTION);
    }

    /**
     * @param attack    the attack.
     * @param event     the event.
     * @param records   the sampled records.
     * @param eventTime when the event happened.
     * @return the fields written for the event: the attack JSON with its ISO-8601 times as dates, without
     *         {@code _id}.
     */
    public static Document document(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant eventTime)
    {
        final Document document = Document.parse(AttackJson.json(attack, event, records, eventTime));
        convertTimes(document);
        return document;
    }

    @Override
    protected Delivery.Write prepare(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant now)
    {
        final Document fields = document(attack, event, records, now);
        final String id = attack.uuid().toString();
        return () ->
        {
            if (!indexed)
            {
                attacks.createIndex(Indexes.ascending("ip"));
                indexed = true;
            }
            attacks.updateOne(Filters.eq("_id", id), new Document("$set", fields), new UpdateOptions().upsert(true));
        };
    }

    /**
     * Close the client, once the queue's thread has stopped.
     */
    @Override
    protected void release()
    {
        client.close();
    }

    private static void convertTimes(final Document document)
    {
        for (final Map.Entry<String, Object> field : document.entrySet())
        {
            final Object value = field.getValue();
            if (value instanceof Document)
            {
                convertTimes((Document)value);
            }
            else if (value instanceof List)
            {
                for (final Object item : (List<?>)value)
                {
                    if (item instanceof Document)
                    {
                        convertTimes((Document)item);
                    }
                }
            }
            else if (value instanceof String && TIME_FIELDS.contains(field.getKey()))
            {
                try
                {
                    field.setValue(Date.from(Instant.parse((String)value)));
                }
                catch (final DateTimeParseException ex)
                {
                    // left as text: not one of ours
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "MongoDbAction{" + attacks.getNamespace() + '}';
    }
}
