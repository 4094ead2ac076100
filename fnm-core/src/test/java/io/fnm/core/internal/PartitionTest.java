package io.fnm.core.internal;

import io.fnm.capture.ManualClock;
import io.fnm.core.EngineConfig;
import io.fnm.core.IpPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionTest
{
    private final EngineView view = new EngineView(EngineConfig.builder()
        .networks(List.of(IpPrefix.parse("10.0.0.0/8"))).build());
    private final Partition partition = new Partition(new PartitionCounts(view, 1024), new PartitionCounts(view, 1024));
    private final EngineCore engine = new EngineCore(view.config(), new ManualClock(0), List.of(), List.of(), 1);
    private final CaptureSink owner = engine.newSink("test");

    @AfterEach
    void tearDown()
    {
        engine.close();
    }

    @Test
    void shouldStayUsableAndCountTheLossWhenABatchFailsToCount()
    {
        final RecordBatch broken = batch();
        // a network index the view does not have: counting it throws inside the partition
        broken.add(0, 0x0A000001L, 1, 100, 0, Layout.IN | (long)99 << RecordBatch.NETWORK_SHIFT,
            Layout.hostHash(0, 0x0A000001L));
        final RecordBatch good = batch();
        good.add(0, 0x0A000002L, 5, 500, 0, Layout.IN, Layout.hostHash(0, 0x0A000002L));

        partition.submit(broken);
        partition.submit(good);
        final PartitionCounts taken = partition.take();

        assertThat(partition.lostRecords()).isEqualTo(1);
        assertThat(taken.ipv4.find(0, 0x0A000002L)).isNotNegative();
    }

    private RecordBatch batch()
    {
        final RecordBatch batch = new RecordBatch(owner);
        batch.view = view;
        return batch;
    }
}
