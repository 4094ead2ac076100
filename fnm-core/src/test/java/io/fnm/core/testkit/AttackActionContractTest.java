package io.fnm.core.testkit;

import io.fnm.capture.IpAddresses;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackAction;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import io.fnm.core.HostRates;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.TrafficClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The contract every {@link AttackAction} in the project meets: ban, attack-details and unban calls complete without
 * throwing for IPv4 and IPv6 attacks, for manual attacks (no threshold, direction other), and for details with no
 * records. Subclass it and implement {@link #createAction()}; override {@link #afterEachCall(AttackAction)} to check
 * side effects.
 */
public abstract class AttackActionContractTest
{
    private AttackAction action;

    /**
     * @return a fresh action under test, ready to be called.
     * @throws Exception when it cannot be created.
     */
    protected abstract AttackAction createAction() throws Exception;

    /**
     * Release what {@link #createAction()} set up; closes the action if it is {@link AutoCloseable}.
     *
     * @param action the action.
     * @throws Exception on failure.
     */
    protected void destroyAction(final AttackAction action) throws Exception
    {
        if (action instanceof AutoCloseable)
        {
            ((AutoCloseable)action).close();
        }
    }

    /**
     * Hook run after each call made by a test, to check side effects.
     *
     * @param action the action.
     * @throws Exception on failure.
     */
    protected void afterEachCall(final AttackAction action) throws Exception
    {
    }

    @BeforeEach
    void createActionUnderTest() throws Exception
    {
        action = createAction();
    }

    @AfterEach
    void destroyActionUnderTest() throws Exception
    {
        destroyAction(action);
    }

    /**
     * @return a detected IPv4 attack: 203.0.113.7 incoming UDP flood, threshold pps.
     */
    protected static Attack ipv4Attack()
    {
        final HostRates rates = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 120_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.UDP, 119_000)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 120_000L * 1200)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.UDP, 119_000L * 1200)
            .packetsPerSecond(Direction.OUTGOING, TrafficClass.TOTAL, 10)
            .flowsPerSecond(Direction.INCOMING, 5000)
            .build();
        return Attack.builder()
            .address(IpAddresses.parseLiteral("203.0.113.7"))
            .direction(Direction.INCOMING).protocol(AttackProtocol.UDP).type(AttackType.UDP_FLOOD)
            .threshold(ThresholdKind.PPS).hostgroup("global").customerNetwork(IpPrefix.parse("203.0.113.0/24"))
            .initialPowerPps(120_000).peakPowerPps(150_000).rates(rates)
            .detectedAtMillis(1_700_000_000_000L).banTimeSeconds(1800)
            .build();
    }

    /**
     * @return a detected IPv6 attack: 2001:db8::7 incoming SYN flood, threshold tcp_syn_pps.
     */
    protected static Attack ipv6Attack()
    {
        final HostRates rates = HostRates.builder()
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 50_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP, 50_000)
            .packetsPerSecond(Direction.INCOMING, TrafficClass.TCP_SYN, 49_000)
            .bytesPerSecond(Direction.INCOMING, TrafficClass.TOTAL, 50_000L * 60)
            .build();
        return Attack.builder()
            .address(IpAddresses.parseLiteral("2001:db8::7"))
            .direction(Direction.INCOMING).protocol(AttackProtocol.TCP).type(AttackType.SYN_FLOOD)
            .threshold(ThresholdKind.TCP_SYN_PPS).hostgroup("customers")
            .customerNetwork(IpPrefix.parse("2001:db8::/32"))
            .initialPowerPps(50_000).peakPowerPps(50_000).rates(rates)
            .detectedAtMillis(1_700_000_000_000L).banTimeSeconds(0)
            .build();
    }

    /**
     * @return a manual ban of 198.51.100.9: no threshold, direction other, zero rates.
     */
    protected static Attack manualAttack()
    {
        return Attack.builder()
            .address(IpAddresses.parseLiteral("198.51.100.9"))
            .manual(true).detectedAtMillis(1_700_000_000_000L)
            .build();
    }

    /**
     * @param attack the attack the records belong to.
     * @param count  how many.
     * @return records towards the attacked host.
     */
    protected static List<TrafficRecord> recordsOf(final Attack attack, final int count)
    {
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final TrafficRecord r = new TrafficRecord();
            if (attack.ipVersion() == 4)
            {
                r.ipv4(IpAddresses.parseIpv4("192.0.2." + (i % 250 + 1)), IpAddresses.parseIpv4(attack.ip()));
            }
            else
            {
                final long[] dst = IpAddresses.parseIpv6(attack.ip());
                r.ipv6(0x20010db800010000L, i + 1, dst[0], dst[1]);
            }
            r.protocol(TrafficRecord.PROTOCOL_UDP).ports(1024 + i, 53).packets(1).bytes(1200).samplingRatio(1)
                .timestampMillis(attack.detectedAtMillis() + i);
            records.add(r);
        }
        return records;
    }

    @Test
    void shouldBanIpv4AttackWithoutThrowing() throws Exception
    {
        assertThatCode(() -> action.onBan(ipv4Attack())).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldBanIpv6AttackWithoutThrowing() throws Exception
    {
        assertThatCode(() -> action.onBan(ipv6Attack())).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldBanManualAttackWithoutThrowing() throws Exception
    {
        assertThatCode(() -> action.onBan(manualAttack())).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldDeliverDetailsWithRecordsWithoutThrowing() throws Exception
    {
        final Attack attack = ipv4Attack();
        action.onBan(attack);
        assertThatCode(() -> action.onAttackDetails(attack, recordsOf(attack, 20))).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldDeliverIpv6DetailsWithRecordsWithoutThrowing() throws Exception
    {
        final Attack attack = ipv6Attack();
        action.onBan(attack);
        assertThatCode(() -> action.onAttackDetails(attack, recordsOf(attack, 20))).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldDeliverDetailsWithNoRecordsWithoutThrowing() throws Exception
    {
        final Attack attack = ipv4Attack();
        action.onBan(attack);
        assertThatCode(() -> action.onAttackDetails(attack, List.of())).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldUnbanIpv4AttackWithoutThrowing() throws Exception
    {
        final Attack attack = ipv4Attack();
        action.onBan(attack);
        assertThatCode(() -> action.onUnban(attack.withPeakPowerPps(200_000))).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldUnbanIpv6AttackWithoutThrowing() throws Exception
    {
        final Attack attack = ipv6Attack();
        action.onBan(attack);
        assertThatCode(() -> action.onUnban(attack)).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldUnbanManualAttackWithoutThrowing() throws Exception
    {
        final Attack attack = manualAttack();
        action.onBan(attack);
        assertThatCode(() -> action.onUnban(attack)).doesNotThrowAnyException();
        afterEachCall(action);
    }

    @Test
    void shouldHaveName() throws Exception
    {
        assertThat(action.name()).isNotBlank();
        afterEachCall(action);
    }
}
