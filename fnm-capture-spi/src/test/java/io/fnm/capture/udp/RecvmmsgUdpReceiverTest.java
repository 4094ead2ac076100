package io.fnm.capture.udp;

import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every {@link UdpReceiverTest} again with the sockets read by {@code recvmmsg(2)} (where it is available: Linux
 * x86-64 and AArch64).
 */
class RecvmmsgUdpReceiverTest extends UdpReceiverTest
{
    @BeforeEach
    void requireRecvmmsg()
    {
        assumeTrue(UdpReceiver.isRecvmmsgAvailable(),
            () -> "recvmmsg unavailable: " + UdpReceiver.recvmmsgUnavailabilityCause());
    }

    @Override
    boolean nativeReceive()
    {
        return true;
    }
}
