package io.fnm.capture.sflow;

import io.fnm.config.ConfigView;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SflowSettingsBuilderTest
{
    @Test
    void shouldBuildWhatTheKeysWouldGiveWhenSetInCode() throws Exception
    {
        final SflowSettings typed = SflowSettings.builder().ports(List.of(6343, 6344))
            .host(InetAddress.getByName("127.0.0.1")).readPacketLengthFromIpHeader(true).receiveBufferBytes(1 << 20)
            .threads(2).build();
        final SflowSettings keyed = SflowSettings.from(ConfigView.of(Map.of("sflow_port", "6343,6344",
            "sflow_host", "127.0.0.1", "sflow_read_packet_length_from_ip_header", "on",
            "sflow_socket_receive_buffer_bytes", Integer.toString(1 << 20), "sflow_threads", "2")));

        assertThat(typed).usingRecursiveComparison().isEqualTo(keyed);
    }

    @Test
    void shouldUseTheKeysDefaultsWhenNothingIsSet()
    {
        assertThat(SflowSettings.builder().build()).usingRecursiveComparison()
            .isEqualTo(SflowSettings.from(ConfigView.of(Map.of())));
    }

    @Test
    void shouldRefuseAPortListedTwiceNamingTheKey()
    {
        assertThatThrownBy(() -> SflowSettings.builder().ports(List.of(6343, 6343)))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sflow_port");
    }

    @Test
    void shouldRefuseThreadsOutOfRangeNamingTheKey()
    {
        assertThatThrownBy(() -> SflowSettings.builder().threads(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sflow_threads");
    }
}
