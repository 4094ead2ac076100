package io.fnm.capture.udp;

import io.fnm.capture.CounterDescriptor;
import io.fnm.capture.CounterVisitor;
import io.fnm.capture.TrafficRecord;
import io.fnm.capture.TrafficSink;
import io.fnm.capture.testkit.RecordingCaptureContext;
import io.fnm.config.ConfigView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class UdpReceiverTest
{
    private static final long DEADLINE_MILLIS = 10_000;

    private final RecordingCaptureContext context = new RecordingCaptureContext(ConfigView.EMPTY);
    private final List<SenderIdDecoder> decoders = new CopyOnWriteArrayList<>();
    private UdpReceiver receiver;

    @AfterEach
    void close()
    {
        if (receiver != null)
        {
            receiver.close();
        }
    }

    /**
     * @return whether the receiver under test reads its sockets with recvmmsg.
     */
    boolean nativeReceive()
    {
        return false;
    }

    private UdpReceiver start(final int socketsPerPort) throws IOException
    {
        return start(socketsPerPort, "127.0.0.1");
    }

    private UdpReceiver start(final int socketsPerPort, final String host) throws IOException
    {
        receiver = UdpReceiver.builder()
            .nativeReceive(nativeReceive())
            .protocol("test")
            .host(host)
            .ports(List.of(0))
            .socketsPerPort(socketsPerPort, "test_threads")
            .receiveBufferBytes(1 << 20)
            .decoders(ctx ->
            {
                final SenderIdDecoder decoder = new SenderIdDecoder();
                decoders.add(decoder);
                return decoder;
            })
            .build();
        receiver.start(context);
        return receiver;
    }

    private static void send(final DatagramChannel sender, final InetSocketAddress target, final int senderId,
        final int length) throws IOException
    {
        final ByteBuffer datagram = ByteBuffer.allocate(length);
        datagram.putInt(0, senderId);
        sender.send(datagram, target);
    }

    private static DatagramChannel sender() throws IOException
    {
        return DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline)
        {
            TimeUnit.MILLISECONDS.sleep(5); // waiting for the kernel's loopback, not for a tick
        }
    }

    @Test
    void shouldDecodeEveryDatagramIntoTheThreadsSinkAndCountDatagramsAndBytes() throws Exception
    {
        final InetSocketAddress target = start(1).localAddresses().get(0);
        try (DatagramChannel sender = sender())
        {
            for (int i = 0; i < 50; i++)
            {
                send(sender, target, 7, 100);
            }
        }
        await(() -> context.records().size() == 50 && receiver.datagrams() == 50);
        assertThat(context.records()).hasSize(50);
        assertThat(receiver.datagrams()).isEqualTo(50);
        assertThat(receiver.bytes()).isEqualTo(5000);
        assertThat(receiver.truncated()).isZero();
        assertThat(receiver.receiveErrors()).isZero();
        assertThat(context.flushes()).isPositive();
        assertThat(context.errors()).isEmpty();
    }

    @Test
    void shouldReceiveOverIpv6AndTellTheSendersAddress() throws Exception
    {
        final InetSocketAddress target = start(1, "::1").localAddresses().get(0);
        try (DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET6)
            .bind(new InetSocketAddress(InetAddress.getByName("::1"), 0)))
        {
            send(sender, new InetSocketAddress(InetAddress.getByName("::1"), target.getPort()), 3, 40);
        }
        await(() -> context.records().size() == 1);
        assertThat(context.records()).hasSize(1);
        assertThat(decoders.get(0).sources).containsExactly(InetAddress.getByName("::1"));
        assertThat(receiver.bytes()).isEqualTo(40);
    }

    @Test
    void shouldTellAnIpv4SendersAddress() throws Exception
    {
        final InetSocketAddress target = start(1).localAddresses().get(0);
        try (DatagramChannel sender = sender())
        {
            send(sender, target, 3, 40);
        }
        await(() -> context.records().size() == 1);
        assertThat(decoders.get(0).sources).containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void shouldNameItsThreadAfterProtocolAndPort() throws Exception
    {
        final int port = start(1).localAddresses().get(0).getPort();
        assertThat(receiver.threads()).extracting(Thread::getName).containsExactly("fnm-test-" + port);
    }

    @Test
    void shouldReadItsSocketsTheWayItWasAskedTo() throws Exception
    {
        start(1);
        assertThat(receiver.socketKinds()).containsExactly(nativeReceive() ? "recvmmsg" : "DatagramChannel");
    }

    @Test
    void shouldReportEachCounterOnceUnderTheProtocolPrefix() throws Exception
    {
        start(1);
        final Map<String, Long> counters = new LinkedHashMap<>();
        receiver.counters((CounterVisitor)(descriptor, label1, label2, value) ->
            counters.merge(descriptor.name(), 1L, Long::sum));
        assertThat(counters).containsOnlyKeys("test_udp_datagrams_total", "test_udp_bytes_total",
            "test_udp_truncated_total", "test_udp_receive_errors_total", "fnm_capture_thread_alive")
            .allSatisfy((k, v) -> assertThat(v).isOne());
    }

    private Map<String, Long> threadsAlive()
    {
        final Map<String, Long> alive = new LinkedHashMap<>();
        receiver.counters((CounterVisitor)(descriptor, label1, label2, value) ->
        {
            if (descriptor.equals(UdpReceiver.THREAD_ALIVE))
            {
                alive.put(label1 + "/" + label2, value);
            }
        });
        return alive;
    }

    @Test
    void shouldReportEachReceiveThreadAliveWhileItRuns() throws Exception
    {
        final int port = start(1).localAddresses().get(0).getPort();

        assertThat(threadsAlive()).containsExactly(Map.entry("test/fnm-test-" + port, 1L));
    }

    @Test
    void shouldReportAnErrorThatIsNotAVirtualMachineErrorAndCarryOn() throws Exception
    {
        final InetSocketAddress target = start(1).localAddresses().get(0);
        try (DatagramChannel sender = sender())
        {
            send(sender, target, SenderIdDecoder.THROW_ERROR, 8);
            send(sender, target, 1, 8);
        }
        await(() -> context.records().size() == 1);
        assertThat(context.records()).hasSize(1);
        assertThat(context.errors()).singleElement().isInstanceOf(AssertionError.class);
        assertThat(receiver.threads()).allMatch(Thread::isAlive);
    }

    @Test
    void shouldEndTheThreadReportTheErrorAndShowItDeadWhenADecoderRunsOutOfMemory() throws Exception
    {
        final InetSocketAddress target = start(1).localAddresses().get(0);
        try (DatagramChannel sender = sender())
        {
            send(sender, target, SenderIdDecoder.THROW_OOM, 8);
        }
        await(() -> !context.errors().isEmpty() && !receiver.threads().get(0).isAlive());

        assertThat(context.errors()).singleElement().isInstanceOf(OutOfMemoryError.class);
        assertThat(receiver.threads()).noneMatch(Thread::isAlive);
        assertThat(threadsAlive()).containsOnly(Map.entry("test/" + receiver.threads().get(0).getName(), 0L));
        assertThat(decoders.get(0).closed).isTrue();
    }

    @Test
    void shouldReportWhatADecoderThrowsAndCarryOn() throws Exception
    {
        final InetSocketAddress target = start(1).localAddresses().get(0);
        try (DatagramChannel sender = sender())
        {
            send(sender, target, SenderIdDecoder.THROW, 8);
            send(sender, target, 1, 8);
        }
        await(() -> context.records().size() == 1);
        assertThat(context.records()).hasSize(1);
        assertThat(context.errors()).singleElement().isInstanceOf(IllegalStateException.class);
        assertThat(receiver.threads()).allMatch(Thread::isAlive);
    }

    @Test
    void shouldDoIdleWorkWithoutTraffic() throws Exception
    {
        start(1);
        await(() -> decoders.get(0).idleCalls.get() >= 2);
        assertThat(decoders.get(0).idleCalls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldHandHeldBackRecordsToTheSinkCloseItAndJoinItsThreadsOnClose() throws Exception
    {
        start(reusePortSupported() ? 2 : 1);
        receiver.close();
        assertThat(receiver.threads()).noneMatch(Thread::isAlive);
        assertThat(decoders).allSatisfy(decoder -> assertThat(decoder.closed).isTrue());
        assertThat(context.records()).hasSize(decoders.size()); // one held-back record per decoder, given on close
        receiver.close();
    }

    @Test
    void shouldRefuseToStartTwiceOrAfterClose() throws Exception
    {
        start(1);
        assertThatThrownBy(() -> receiver.start(context)).isInstanceOf(IllegalStateException.class);
        final UdpReceiver unstarted = UdpReceiver.builder().protocol("test").host("127.0.0.1").ports(List.of(0))
            .decoders(ctx -> new SenderIdDecoder()).build();
        unstarted.close();
        assertThatThrownBy(() -> unstarted.start(context)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldFailToStartOnAPortInUseAndLeaveNothingRunning() throws Exception
    {
        try (DatagramChannel taken = sender())
        {
            final int port = ((InetSocketAddress)taken.getLocalAddress()).getPort();
            receiver = UdpReceiver.builder().nativeReceive(nativeReceive()).protocol("test").host("127.0.0.1")
                .ports(List.of(0, port))
                .decoders(ctx ->
                {
                    final SenderIdDecoder decoder = new SenderIdDecoder();
                    decoders.add(decoder);
                    return decoder;
                })
                .build();
            assertThatThrownBy(() -> receiver.start(context)).isInstanceOf(IOException.class);
        }
        assertThat(receiver.threads()).noneMatch(Thread::isAlive);
        assertThat(decoders).singleElement().satisfies(decoder -> assertThat(decoder.closed).isTrue());
    }

    @Test
    void shouldBindSeveralSocketsToOnePortAndKeepEachSenderOnOneOfThem() throws Exception
    {
        assumeTrue(reusePortSupported(), "SO_REUSEPORT not supported here");
        final int sockets = 4;
        final InetSocketAddress target = start(sockets).localAddresses().get(0);
        assertThat(receiver.threads()).extracting(Thread::getName).containsExactlyInAnyOrder(
            "fnm-test-" + target.getPort() + "-0", "fnm-test-" + target.getPort() + "-1",
            "fnm-test-" + target.getPort() + "-2", "fnm-test-" + target.getPort() + "-3");
        final int senders = 32;
        final int perSender = 20;
        final List<DatagramChannel> channels = new ArrayList<>();
        try
        {
            for (int s = 0; s < senders; s++)
            {
                channels.add(sender());
            }
            for (int round = 0; round < perSender; round++)
            {
                for (int s = 0; s < senders; s++)
                {
                    send(channels.get(s), target, s, 16);
                }
            }
        }
        finally
        {
            for (final DatagramChannel channel : channels)
            {
                channel.close();
            }
        }
        await(() -> context.records().size() == senders * perSender);
        assertThat(context.records()).hasSize(senders * perSender);
        final Set<Integer> seen = new HashSet<>();
        int socketsUsed = 0;
        for (final SenderIdDecoder decoder : decoders)
        {
            for (final int id : decoder.senders)
            {
                assertThat(seen.add(id)).as("sender %d reached two sockets", id).isTrue();
            }
            socketsUsed += decoder.senders.isEmpty() ? 0 : 1;
        }
        assertThat(seen).hasSize(senders);
        assertThat(socketsUsed).as("32 senders spread over more than one socket").isGreaterThan(1);
    }

    private static boolean reusePortSupported() throws IOException
    {
        try (DatagramChannel channel = DatagramChannel.open())
        {
            return channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    /**
     * Delivers one record per datagram and remembers the sender id in its first 4 bytes; throws for id
     * {@link #THROW}; holds one record back until close.
     */
    private static final class SenderIdDecoder implements DatagramDecoder
    {
        private static final CounterDescriptor DECODER_DATAGRAMS = CounterDescriptor.counter(
            "test_decoder_datagrams_total", "datagrams", "Datagrams the test decoder saw");

        static final int THROW = -1;
        static final int THROW_ERROR = -2;
        static final int THROW_OOM = -3;

        final Set<Integer> senders = ConcurrentHashMap.newKeySet();
        final Set<InetAddress> sources = ConcurrentHashMap.newKeySet();
        final AtomicInteger idleCalls = new AtomicInteger();
        final TrafficRecord record = new TrafficRecord();
        volatile boolean closed;
        volatile long datagrams;

        @Override
        public void decode(final ByteBuffer datagram, final InetAddress source, final long arrivalMillis,
            final TrafficSink sink)
        {
            datagrams++;
            final int id = datagram.getInt(datagram.position());
            if (id == THROW)
            {
                throw new IllegalStateException("hostile test datagram");
            }
            if (id == THROW_ERROR)
            {
                throw new AssertionError("a decoder bug that is an Error");
            }
            if (id == THROW_OOM)
            {
                throw new OutOfMemoryError("test: the heap ran out while decoding");
            }
            senders.add(id);
            sources.add(source);
            sink.accept(record.reset().packets(1).bytes(datagram.remaining()).timestampMillis(arrivalMillis));
        }

        @Override
        public int onIdle(final long nowMillis, final TrafficSink sink)
        {
            idleCalls.incrementAndGet();
            return 0;
        }

        @Override
        public void close(final TrafficSink sink)
        {
            sink.accept(record.reset().packets(1));
            closed = true;
        }

        @Override
        public long datagrams()
        {
            return datagrams;
        }

        @Override
        public long droppedDatagrams()
        {
            return 0;
        }

        @Override
        public void counters(final CounterVisitor visitor)
        {
            visitor.counter(DECODER_DATAGRAMS, datagrams);
        }
    }
}
