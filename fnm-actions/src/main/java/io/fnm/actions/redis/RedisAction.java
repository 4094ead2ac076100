package io.fnm.actions.redis;

import io.fnm.actions.details.FlowDump;
import io.fnm.actions.internal.Delivery;
import io.fnm.actions.internal.QueuedAction;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackReport;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * FastNetMon's Redis output (reference §5.5): {@code SET} without TTL of
 * <ul>
 *   <li>{@code <prefix>_<ip>_information}: the attack JSON ({@link AttackJson}), written at ban, replaced at attack
 *   details (with {@code packet_dump_detailed}) and at unban (with {@code unbanned_at});</li>
 *   <li>{@code <prefix>_<ip>_flow_dump}: FastNetMon's flow-dump text ({@link FlowDump}, from the sampled records),
 *   written at attack details when not empty ({@code manually triggered attack} for a manual ban, at ban);</li>
 *   <li>{@code <prefix>_<ip>_packets_dump}: the "Attack traffic dump" lines of the sampled records (FastNetMon
 *   1.2.0-1.2.5's third key), written at attack details when there are records.</li>
 * </ul>
 * Without a prefix the keys are {@code <ip>_information}... as in FastNetMon. Unlike FastNetMon: IPv6 attacks are
 * written too, under their real address; the JSON has a real UUID, the attack type, direction, protocol, power and
 * threshold; the connection is pooled (Jedis {@link RedisClient}) instead of opened per write; connect and read
 * timeouts bound each attempt, and a failed write is tried again with exponential backoff on the output's own thread,
 * so a dead Redis delays nothing else.
 */
public final class RedisAction extends QueuedAction
{
    /** The name of this output, its counters' {@code action} label. */
    public static final String NAME = "redis";

    private static final int FLOW_DUMP_LINES = 1000;

    private final String prefix;
    private final RedisClient client;

    /**
     * @param host    Redis host.
     * @param port    Redis port.
     * @param prefix  key prefix, joined with {@code _}; empty for none.
     * @param timeout connect and read timeout of one attempt, and the longest wait for a pooled connection.
     * @param retry   attempts and backoff of one write.
     * @param clock   the clock of {@code event_time} and {@code unbanned_at}.
     */
    public RedisAction(final String host, final int port, final String prefix, final Duration timeout,
        final RetryPolicy retry, final Clock clock)
    {
        super(NAME, retry, clock);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        final int millis = (int)Math.min(Integer.MAX_VALUE, timeout.toMillis());
        final DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).clientName("fnm").build();
        final ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(2);
        pool.setMaxIdle(2);
        pool.setMinIdle(0);
        pool.setMaxWait(timeout);
        pool.setTestOnBorrow(false);
        this.client = RedisClient.builder().hostAndPort(host, port).clientConfig(config).poolConfig(pool).build();
    }

    /**
     * @param ip   the attacked host's address text.
     * @param kind {@code information}, {@code flow_dump} or {@code packets_dump}.
     * @return the key: {@code <prefix>_<ip>_<kind>}, or {@code <ip>_<kind>} without a prefix.
     */
    public String key(final String ip, final String kind)
    {
        return (prefix.isEmpty() ? "" : prefix + '_') + ip + '_' + kind;
    }

    @Override
    protected Delivery.Write prepare(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant now)
    {
        final String json = AttackJson.json(attack, event, records, now);
        final String information = key(attack.ip(), "information");
        if (event == AttackEvent.UNBAN)
        {
            return () -> client.set(information, json);
        }
        if (event == AttackEvent.BAN)
        {
            return () ->
            {
                client.set(information, json);
                if (attack.manual())
                {
                    client.set(key(attack.ip(), "flow_dump"), AttackReport.MANUAL_FLOW_DUMP);
                }
            };
        }
        final String flowDump = FlowDump.of(attack, records, FLOW_DUMP_LINES);
        final StringBuilder packets = new StringBuilder(160 * records.size());
        for (final TrafficRecord record : records)
        {
            AttackReport.appendPacketLine(packets, record, ZoneId.systemDefault());
        }
        return () ->
        {
            client.set(information, json);
            if (!flowDump.isEmpty())
            {
                client.set(key(attack.ip(), "flow_dump"), flowDump);
            }
            if (packets.length() > 0)
            {
                client.set(key(attack.ip(), "packets_dump"), packets.toString());
            }
        };
    }

    /**
     * Close the connection pool, once the queue's thread has stopped.
     */
    @Override
    protected void release()
    {
        client.close();
    }

    @Override
    public String toString()
    {
        return "RedisAction{prefix='" + prefix + "'}";
    }
}
