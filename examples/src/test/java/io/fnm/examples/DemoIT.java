package io.fnm.examples;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command: {@code java -jar examples/target/fnm-runner-0.1.0-SNAPSHOT.jar demo} detects, bans
 * (with attack type and details) and unbans the flooded host, and bans nobody else.
 */
class DemoIT
{
    @Test
    void shouldDetectBanAndUnbanTheFloodedHostOnly() throws Exception
    {
        try (FnmJar demo = FnmJar.start("demo"))
        {
            final boolean exited = demo.process().waitFor(60, TimeUnit.SECONDS);

            assertThat(exited).as(demo.output()).isTrue();
            assertThat(demo.process().exitValue()).as(demo.output()).isZero();
            assertThat(demo.output())
                .contains("BAN 203.0.113.77: incoming udp_flood")
                .contains("Attack type: udp_flood")
                .contains("ATTACK DETAILS 203.0.113.77")
                .contains("UNBAN 203.0.113.77")
                .contains("no innocent host banned");
        }
    }
}
