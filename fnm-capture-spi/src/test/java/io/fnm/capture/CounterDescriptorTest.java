package io.fnm.capture;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CounterDescriptorTest
{
    private static final CounterDescriptor DATAGRAMS = CounterDescriptor.counter("x_datagrams_total", "datagrams",
        "Datagrams", "exporter", "version");

    @Test
    void shouldRenderTheNameAloneWhenThereIsNoLabel()
    {
        assertThat(CounterDescriptor.gauge("x_hosts", "hosts", "Hosts").series(null, null)).isEqualTo("x_hosts");
    }

    @Test
    void shouldRenderLabelsInDeclarationOrderEscapingTheirValues()
    {
        assertThat(DATAGRAMS.series("a\\b\"c", "line\nbreak"))
            .isEqualTo("x_datagrams_total{exporter=\"a\\\\b\\\"c\",version=\"line\\nbreak\"}");
    }

    @Test
    void shouldRejectACounterWhoseNameDoesNotEndWithTotal()
    {
        assertThatThrownBy(() -> CounterDescriptor.counter("x_datagrams", "datagrams", "Datagrams"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("_total");
    }

    @Test
    void shouldRejectAGaugeWhoseNameEndsWithTotal()
    {
        assertThatThrownBy(() -> CounterDescriptor.gauge("x_hosts_total", "hosts", "Hosts"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectAnInvalidLabelName()
    {
        assertThatThrownBy(() -> CounterDescriptor.gauge("x_hosts", "hosts", "Hosts", "ip-version"))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ip-version");
    }

    @Test
    void shouldRejectMoreLabelsThanTheVisitorCarries()
    {
        assertThatThrownBy(() -> CounterDescriptor.gauge("x_hosts", "hosts", "Hosts", "a", "b", "c"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSumSeriesVisitedSeveralTimesAndReplayEachOnce()
    {
        final CounterTotals totals = new CounterTotals();
        totals.counter(DATAGRAMS, "192.0.2.1", "9", 2);
        totals.counter(DATAGRAMS, "192.0.2.2", "9", 5);
        totals.counter(DATAGRAMS, "192.0.2.1", "9", 3);
        final List<String> lines = new ArrayList<>();

        totals.replay((descriptor, label1, label2, value) ->
            lines.add(descriptor.series(label1, label2) + " " + value));

        assertThat(lines).containsExactly(
            "x_datagrams_total{exporter=\"192.0.2.1\",version=\"9\"} 5",
            "x_datagrams_total{exporter=\"192.0.2.2\",version=\"9\"} 5");
    }
}
