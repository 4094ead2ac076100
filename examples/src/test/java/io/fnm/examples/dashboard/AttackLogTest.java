package io.fnm.examples.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fnm.capture.IpAddresses;
import io.fnm.capture.ManualClock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackProtocol;
import io.fnm.core.AttackType;
import io.fnm.core.Direction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class AttackLogTest
{
    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final AtomicInteger changes = new AtomicInteger();

    private static Attack attack(final int host)
    {
        return Attack.builder().address(IpAddresses.parseLiteral("203.0.113." + host)).direction(Direction.INCOMING)
            .protocol(AttackProtocol.UDP).type(AttackType.UDP_FLOOD).initialPowerPps(1000 * host)
            .detectedAtMillis(1_800_000_000_000L).banTimeSeconds(60).build();
    }

    @Test
    void shouldKeepTheNewestAttacksFirstAndDropTheOldestWhenFull()
    {
        final AttackLog log = new AttackLog(3, 10, clock, changes::incrementAndGet);
        for (int host = 1; host <= 5; host++)
        {
            log.onBan(attack(host));
        }

        final ArrayNode json = log.json();

        assertThat(json).hasSize(3);
        assertThat(json.get(0).get("ip").asText()).isEqualTo("203.0.113.5");
        assertThat(json.get(2).get("ip").asText()).isEqualTo("203.0.113.3");
        assertThat(changes).hasValue(5);
    }

    @Test
    void shouldKeepAtMostMaxRecordsWhenTheDetailsArrive()
    {
        final AttackLog log = new AttackLog(3, 2, clock, changes::incrementAndGet);
        final Attack attack = attack(7);
        log.onBan(attack);
        final List<TrafficRecord> records = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            records.add(new TrafficRecord().ipv4(IpAddresses.parseIpv4("11.0.0." + i),
                IpAddresses.parseIpv4("203.0.113.7")).protocol(TrafficRecord.PROTOCOL_UDP).packets(1).bytes(100));
        }

        log.onAttackDetails(attack, records);
        clock.advanceSeconds(30);
        log.onUnban(attack);

        assertThat(log.json().get(0).get("packet_dump_detailed")).hasSize(2);
        assertThat(log.json().get(0).get("records_total").asInt()).isEqualTo(5);
        assertThat(log.json().get(0).at("/attack_details/unbanned_at").asText()).isEqualTo("2027-01-15T08:00:30Z");
    }
}
