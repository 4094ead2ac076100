package io.fnm.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnm.actions.kafka.KafkaBanTopic;
import io.fnm.actions.kafka.KafkaKeys;
import io.fnm.actions.testkit.KafkaBroker;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.netflow.generator.NetflowGenerator;
import io.fnm.capture.netflow.generator.NetflowUdpSender;
import io.fnm.core.BanEntry;
import io.fnm.core.Direction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's scale-out wiring as a user runs it: a real KRaft broker, the runner jar three times, one inlet
 * ({@code netflow = on}, {@code kafka_inlet = on}) and two engines ({@code kafka_engine = on}, static members
 * engine-1 and engine-2). NetFlow v9 (1:100) background plus five floods (IPv4 UDP, SYN and ICMP in, an outgoing
 * IPv4 UDP flood, an IPv6 UDP flood), their victims picked on both engines' partitions, go to the inlet's UDP port:
 * each victim is banned by the one engine holding its partition (its notify script), with the right direction and
 * type, nobody else is banned, and the compacted bans topic holds exactly those bans.
 */
class RunnerKafkaRolesIT
{
    private static final String FLOWS_TOPIC = "fnm.flows.v1";
    private static final String BANS_TOPIC = "fnm.bans";
    private static final int PARTITIONS = 12;
    private static final long SAMPLING_RATIO = 100;
    private static final long DEADLINE_MILLIS = 90_000;
    private static final long STEP_MILLIS = 100;
    /** How long the traffic goes on after the last ban, so that a late innocent ban would be seen. */
    private static final long SETTLE_MILLIS = 3_000;
    private static final Pattern HOLDS = Pattern.compile("kafka engine (\\S+) holds partitions \\[([0-9, ]*)]");

    @TempDir
    Path dir;

    @Test
    void shouldBanEachVictimOnTheEngineHoldingItsPartitionWhenAnInletFeedsTwoEngines() throws Exception
    {
        try (KafkaBroker broker = KafkaBroker.start(Files.createDirectories(dir.resolve("kafka"))))
        {
            broker.createTopic(FLOWS_TOPIC, PARTITIONS, false);
            broker.createTopic(BANS_TOPIC, 3, true);
            broker.createTopic(KafkaKeys.DEFAULT_AVERAGES_TOPIC, PARTITIONS, true);
            broker.createTopic(KafkaKeys.DEFAULT_METRICS_TOPIC, 1, false);
            final String servers = broker.bootstrapServers();
            final EndToEndFixture one = new EndToEndFixture(Files.createDirectories(dir.resolve("engine-1")));
            final EndToEndFixture two = new EndToEndFixture(Files.createDirectories(dir.resolve("engine-2")));
            final EndToEndFixture inletFiles = new EndToEndFixture(Files.createDirectories(dir.resolve("inlet")));
            final int port = EndToEndFixture.freeUdpPort();
            final int apiPort = EndToEndFixture.freeTcpPort();
            final FnmJar engine1 = runner(one.writeConfig(engineKeys(servers, "engine-1") + "\napi = on\n"
                + "api_host = 127.0.0.1\napi_port = " + apiPort));
            try (engine1; FnmJar engine2 = runner(two.writeConfig(engineKeys(servers, "engine-2"))))
            {
                await("both engines hold their share of the " + PARTITIONS + " partitions",
                    () -> splitsAllPartitions(held(engine1), held(engine2)), engine1, engine2);
                final List<Victim> victims = Victim.choose(held(engine1), held(engine2));
                final FnmJar inlet = runner(inletFiles.writeConfig(String.join("\n", "netflow = on",
                    "netflow_host = 127.0.0.1", "netflow_port = " + port, "kafka_inlet = on",
                    "kafka_bootstrap_servers = " + servers, "kafka_inlet_id = 1")));
                try (inlet; NetflowUdpSender sender = new NetflowUdpSender(new InetSocketAddress("127.0.0.1", port)))
                {
                    await("the inlet listens", () -> inlet.output().contains("fnm inlet running"), inlet);
                    flood(victims, sender, () -> bans(one).size() + bans(two).size() >= victims.size(),
                        engine1, engine2, inlet);

                    final String outputs = "engine-1:\n" + engine1.output() + "\nengine-2:\n" + engine2.output()
                        + "\ninlet:\n" + inlet.output();
                    assertBannedOnTheirEnginesOnly(victims, Map.of("engine-1", bans(one), "engine-2", bans(two)),
                        outputs);
                    assertBansTopicHolds(victims, servers, outputs);
                    assertClusterViewListsEveryBan(victims, apiPort, outputs);
                }
            }
        }
    }

    private static String engineKeys(final String servers, final String instance)
    {
        return String.join("\n", "kafka_engine = on", "kafka_bootstrap_servers = " + servers,
            "kafka_instance_id = " + instance);
    }

    private static FnmJar runner(final Path configuration) throws IOException
    {
        return FnmJar.start("run", "--configuration_file", configuration.toString());
    }

    /**
     * @return the partitions the engine said it holds last, empty before it said any.
     */
    private static Set<Integer> held(final FnmJar engine)
    {
        final Matcher matcher = HOLDS.matcher(engine.output());
        String last = null;
        while (matcher.find())
        {
            last = matcher.group(2);
        }
        final Set<Integer> partitions = new TreeSet<>();
        if (last != null && !last.isBlank())
        {
            for (final String partition : last.split(", "))
            {
                partitions.add(Integer.parseInt(partition.trim()));
            }
        }
        return partitions;
    }

    private static boolean splitsAllPartitions(final Set<Integer> first, final Set<Integer> second)
    {
        final Set<Integer> all = new HashSet<>(first);
        all.addAll(second);
        return !first.isEmpty() && !second.isEmpty() && all.size() == PARTITIONS
            && first.size() + second.size() == PARTITIONS;
    }

    /**
     * Wait (polling other processes' output, not a tick) until the condition holds; fail when a process died.
     */
    private static void await(final String what, final BooleanSupplier condition, final FnmJar... processes)
        throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean())
        {
            for (final FnmJar process : processes)
            {
                assertThat(process.process().isAlive()).as(process.output()).isTrue();
            }
            if (System.currentTimeMillis() > deadline)
            {
                final StringBuilder outputs = new StringBuilder();
                for (final FnmJar process : processes)
                {
                    outputs.append(process.output()).append("\n----\n");
                }
                throw new AssertionError("timed out waiting until " + what + ":\n" + outputs);
            }
            Thread.sleep(100); // waiting for other processes, not for a tick
        }
    }

    /**
     * Send the traffic in real time until {@code banned} holds, then {@link #SETTLE_MILLIS} more.
     */
    private static void flood(final List<Victim> victims, final NetflowUdpSender sender, final BooleanSupplier banned,
        final FnmJar... processes) throws IOException, InterruptedException
    {
        final NetflowGenerator generator = new NetflowGenerator(7, System.currentTimeMillis() - 60_000);
        final ScaleOutTrafficPlan plan = new ScaleOutTrafficPlan(victims, SAMPLING_RATIO);
        final ByteBuffer datagram = ByteBuffer.allocate(65_507);
        final List<TrafficRecord> step = new ArrayList<>();
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        long settleUntil = Long.MAX_VALUE;
        while (System.currentTimeMillis() < Math.min(deadline, settleUntil))
        {
            for (final FnmJar process : processes)
            {
                assertThat(process.process().isAlive()).as(process.output()).isTrue();
            }
            if (settleUntil == Long.MAX_VALUE && banned.getAsBoolean())
            {
                settleUntil = System.currentTimeMillis() + SETTLE_MILLIS; // keep the traffic on: nobody else
            }
            step.clear();
            plan.step(STEP_MILLIS / 1000.0, record -> step.add(new TrafficRecord().copyFrom(record)));
            EndToEndFixture.sendV9(generator, sender, datagram, step, SAMPLING_RATIO);
            Thread.sleep(STEP_MILLIS); // pacing the generator in real time
        }
    }

    /**
     * @return each host the engine's notify script was called to ban, with that call (argv line, then stdin).
     */
    private static Map<InetAddress, String> bans(final EndToEndFixture engine)
    {
        final Map<InetAddress, String> bans = new HashMap<>();
        try
        {
            for (final String call : engine.notifyCalls())
            {
                final String[] argv = call.lines().findFirst().orElse("").split(" ");
                if (argv.length == 5 && "ban".equals(argv[4]))
                {
                    assertThat(bans.put(InetAddress.getByName(argv[1]), call)).as("banned twice: " + call).isNull();
                }
            }
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        return bans;
    }

    private static void assertBannedOnTheirEnginesOnly(final List<Victim> victims,
        final Map<String, Map<InetAddress, String>> bansByEngine, final String outputs)
    {
        final Set<InetAddress> expected = new HashSet<>();
        for (final Victim victim : victims)
        {
            expected.add(victim.address());
            final Map<InetAddress, String> own = bansByEngine.get(victim.engine());
            assertThat(own).as(victim + " on " + victim.engine() + "\n" + outputs).containsKey(victim.address());
            assertThat(own.get(victim.address()).lines().findFirst().orElse("").split(" ")[2])
                .as(victim.toString()).isEqualTo(victim.direction().text());
            assertThat(own.get(victim.address())).as(victim.toString())
                .contains("Attack type: " + victim.kind().type);
        }
        final List<InetAddress> all = new ArrayList<>();
        bansByEngine.values().forEach(bans -> all.addAll(bans.keySet()));
        assertThat(all).as("each victim banned by exactly one engine, nobody else\n" + outputs)
            .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static void assertBansTopicHolds(final List<Victim> victims, final String servers, final String outputs)
        throws InterruptedException, IOException
    {
        final Map<InetAddress, byte[]> topic = new HashMap<>();
        final Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
            new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(BANS_TOPIC).stream()
                .map(p -> new TopicPartition(BANS_TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final long deadline = System.currentTimeMillis() + 30_000;
            while (topic.size() < victims.size() && System.currentTimeMillis() < deadline)
            {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200)))
                {
                    final InetAddress host = InetAddress.getByAddress(record.key());
                    if (record.value() == null)
                    {
                        topic.remove(host);
                    }
                    else
                    {
                        topic.put(host, record.value());
                    }
                }
            }
        }
        assertThat(topic.keySet()).as(outputs)
            .containsExactlyInAnyOrderElementsOf(victims.stream().map(Victim::address).toList());
        for (final Victim victim : victims)
        {
            final BanEntry ban = KafkaBanTopic.decode(victim.address().getAddress(), topic.get(victim.address()));
            assertThat(ban).as(victim.toString()).isNotNull();
            assertThat(ban.attack().direction()).as(victim.toString()).isEqualTo(victim.direction());
            assertThat(ban.attack().type().text()).as(victim.toString()).isEqualTo(victim.kind().type);
        }
    }

    /**
     * engine-1's operator API shows the global ban list: its own bans and engine-2's, read from the metrics topic.
     */
    private static void assertClusterViewListsEveryBan(final List<Victim> victims, final int apiPort,
        final String outputs) throws IOException, InterruptedException
    {
        final HttpClient http = HttpClient.newHttpClient();
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort
            + "/api/v1/cluster/bans")).timeout(Duration.ofSeconds(5)).build();
        final Map<InetAddress, String> listed = new HashMap<>();
        final long deadline = System.currentTimeMillis() + 30_000;
        while (listed.size() < victims.size() && System.currentTimeMillis() < deadline)
        {
            listed.clear();
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            for (final JsonNode ban : new ObjectMapper().readTree(response.body()))
            {
                listed.put(InetAddress.getByName(ban.get("ip").asText()), ban.get("engine").asText());
            }
            Thread.sleep(200); // polling another process's view of a topic, not waiting for a tick
        }
        final Map<InetAddress, String> expected = new HashMap<>();
        victims.forEach(victim -> expected.put(victim.address(), victim.engine()));
        assertThat(listed).as("GET /api/v1/cluster/bans on engine-1\n" + outputs).isEqualTo(expected);
    }

    /** The kinds of flood, each with the attack type the engine must report. */
    enum Flood
    {
        UDP_IN("udp_flood"),
        SYN_IN("syn_flood"),
        ICMP_IN("icmp_flood"),
        UDP_OUT("udp_flood"),
        UDP_IN_IPV6("udp_flood");

        final String type;

        Flood(final String type)
        {
            this.type = type;
        }
    }

    /**
     * A flooded host: the flood, the host, and the engine that holds its partition.
     */
    record Victim(Flood kind, InetAddress address, String engine)
    {
        Direction direction()
        {
            return kind == Flood.UDP_OUT ? Direction.OUTGOING : Direction.INCOMING;
        }

        /**
         * One victim per kind of flood, alternately on engine-1's and engine-2's partitions, so both engines ban.
         */
        static List<Victim> choose(final Set<Integer> engine1, final Set<Integer> engine2) throws IOException
        {
            final List<Victim> victims = new ArrayList<>();
            int candidate = 50;
            for (final Flood kind : Flood.values())
            {
                final String engine = victims.size() % 2 == 0 ? "engine-1" : "engine-2";
                final Set<Integer> wanted = victims.size() % 2 == 0 ? engine1 : engine2;
                InetAddress address;
                do
                {
                    address = InetAddress.getByName(kind == Flood.UDP_IN_IPV6 ? "2001:db8::" + candidate
                        : "203.0.113." + candidate);
                    candidate++;
                }
                while (!wanted.contains(partitionOf(address)));
                victims.add(new Victim(kind, address, engine));
            }
            return victims;
        }

        /**
         * @return the flows partition of a local host, as the inlet computes it (Kafka's partitioner over the
         *     address bytes).
         */
        static int partitionOf(final InetAddress address)
        {
            return Utils.toPositive(Utils.murmur2(address.getAddress())) % PARTITIONS;
        }
    }
}
