package io.fnm.capture.udp;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class RecvmmsgAvailabilityTest
{
    @Test
    void shouldBeAvailableOnLinuxX8664AndAarch64AndExplainItselfElsewhere()
    {
        final String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch");
        final boolean supported = os.startsWith("linux") &&
            ("amd64".equals(arch) || "x86_64".equals(arch) || "aarch64".equals(arch));
        assertThat(UdpReceiver.isRecvmmsgAvailable()).as("%s", UdpReceiver.recvmmsgUnavailabilityCause())
            .isEqualTo(supported);
        assertThat(UdpReceiver.recvmmsgUnavailabilityCause() == null).isEqualTo(supported);
    }

    @Test
    void shouldBeSwitchedOffByTheSystemProperty()
    {
        final String before = System.getProperty(RecvmmsgDatagramPort.SWITCH_PROPERTY);
        System.setProperty(RecvmmsgDatagramPort.SWITCH_PROPERTY, "false");
        try
        {
            assertThat(UdpReceiver.isRecvmmsgAvailable()).isFalse();
            assertThat(UdpReceiver.recvmmsgUnavailabilityCause()).hasMessageContaining("fnm.udp.recvmmsg");
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(RecvmmsgDatagramPort.SWITCH_PROPERTY);
            }
            else
            {
                System.setProperty(RecvmmsgDatagramPort.SWITCH_PROPERTY, before);
            }
        }
    }
}
