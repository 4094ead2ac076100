package io.fnm.examples.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.TrafficClass;
import io.fnm.core.TrafficSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficHistoryTest
{
    private static TrafficSnapshot snapshot(final long millis, final long udpPps)
    {
        return TrafficSnapshot.builder().tick(millis / 1000).epochMillis(millis)
            .totals(4, HostRates.builder()
                .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, udpPps + 10)
                .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, udpPps)
                .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 1000)
                .build())
            .totals(6, HostRates.builder().packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 5).build())
            .build();
    }

    @Test
    void shouldKeepOnlyTheLastTicksOldestFirstWhenTheRingWraps()
    {
        final TrafficHistory history = new TrafficHistory(3);
        for (int i = 1; i <= 5; i++)
        {
            history.add(snapshot(i * 1000L, i));
        }

        final ArrayNode rows = history.rows();

        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get(0).asLong()).isEqualTo(3000);
        assertThat(rows.get(2).get(0).asLong()).isEqualTo(5000);
    }

    @Test
    void shouldSumIpv4AndIpv6PerColumnWhenATickIsAdded()
    {
        final TrafficHistory history = new TrafficHistory(900);

        final ArrayNode row = history.add(snapshot(1000, 7));

        assertThat(row.get(TrafficHistory.COLUMNS.indexOf("in_pps_total")).asLong()).isEqualTo(7 + 10 + 5);
        assertThat(row.get(TrafficHistory.COLUMNS.indexOf("in_pps_udp")).asLong()).isEqualTo(7);
        assertThat(row.get(TrafficHistory.COLUMNS.indexOf("in_bps_total")).asLong()).isEqualTo(8000);
        assertThat(row.get(TrafficHistory.COLUMNS.indexOf("out_pps_total")).asLong()).isZero();
        assertThat(TrafficHistory.COLUMNS).hasSize(17).startsWith("t");
    }
}
