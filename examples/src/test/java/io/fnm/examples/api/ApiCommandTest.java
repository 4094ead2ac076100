package io.fnm.examples.api;

import io.fnm.actions.json.AttackJson;
import io.fnm.examples.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fnm api} and {@code fnm top --plain} against a real engine and server: output, messages, exit status. */
class ApiCommandTest
{
    private static final int UDP = 17;

    @TempDir
    Path dir;

    private ApiFixture fx;
    private Path tokenFile;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception
    {
        fx = new ApiFixture();
        tokenFile = Files.writeString(dir.resolve("token"), ApiFixture.TOKEN + "\n");
    }

    @AfterEach
    void stop()
    {
        fx.close();
    }

    @Test
    void shouldBanListAndUnbanWithExitStatusZero()
    {
        assertThat(fnm("api", "--api", fx.base, "--token-file", tokenFile.toString(), "ban", "10.0.0.7")).isZero();
        assertThat(out()).contains("banned 10.0.0.7 (attack ");
        assertThat(fnm("api", "--api", fx.base, "banlist")).isZero();
        assertThat(out()).contains("10.0.0.7").contains("manual");
        assertThat(fnm("api", "--api", fx.base, "--token-file", tokenFile.toString(), "unban", "10.0.0.7")).isZero();

        assertThat(out()).contains("unbanned 10.0.0.7");
        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldExitOneWithTheServersMessageWhenTheTokenIsMissing()
    {
        assertThat(fnm("api", "--api", fx.base, "ban", "10.0.0.7")).isEqualTo(1);

        assertThat(err()).contains("error: 401 this call needs Authorization: Bearer <token>");
        assertThat(fx.engine.banList()).isEmpty();
    }

    @Test
    void shouldExitOneWithTheServersMessageForAForeignAddress()
    {
        assertThat(fnm("api", "--api", fx.base, "host", "192.0.2.1")).isEqualTo(1);

        assertThat(err()).contains("error: 422 192.0.2.1 is outside our networks");
    }

    @Test
    void shouldExitOneWhenTheServerCannotBeReached() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }

        assertThat(fnm("api", "--api", "http://127.0.0.1:" + closedPort, "banlist")).isEqualTo(1);

        assertThat(err()).contains("error: cannot reach http://127.0.0.1:" + closedPort);
    }

    @Test
    void shouldExitOneWithTheServersMessageWhenTheRunnerIsNotAKafkaEngine()
    {
        assertThat(fnm("api", "--api", fx.base, "cluster-bans")).isEqualTo(1);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: 404 ").contains("kafka_engine = on");
    }

    @Test
    void shouldExitTwoOnAUsageError()
    {
        assertThat(fnm("api", "--api", fx.base, "ban")).isEqualTo(2);
        assertThat(err()).contains("ban needs one IP address").contains("usage: fnm api");
        assertThat(fnm("api", "--api", fx.base, "explode")).isEqualTo(2);
        assertThat(fnm("api", "--api", fx.base, "--duration", "soon", "ban", "10.0.0.1")).isEqualTo(2);
    }

    @Test
    void shouldPrintTopHostsTotalsAndHostAsTextOrJson()
    {
        fx.second("10.0.0.5", UDP, 5_000, 100);

        assertThat(fnm("api", "--api", fx.base, "top", "--by", "bytes", "--n", "3")).isZero();
        assertThat(out()).contains("incoming by bytes").contains("10.0.0.5");
        assertThat(fnm("api", "--api", fx.base, "totals")).isZero();
        assertThat(out()).contains("IPV4").contains("incoming").contains("udp");
        assertThat(fnm("api", "--api", fx.base, "--json", "host", "10.0.0.5")).isZero();
        assertThat(AttackJson.read(out().strip()).at("/incoming/pps").asLong()).isPositive();
    }

    @Test
    void shouldPrintThePlainScreenWhenNotATerminal() throws Exception
    {
        fx.second("10.0.0.5", UDP, 5_000, 100);

        assertThat(fnm("top", "--api", fx.base, "--plain", "--iterations", "1")).isZero();

        assertThat(out()).contains("fnm top").contains("Incoming traffic, top 7").contains("10.0.0.5")
            .contains("Ban list:").contains("10.0.0.0/8");
    }

    private int fnm(final String... args)
    {
        out.reset();
        err.reset();
        return Main.run(new ArrayList<>(List.of(args)), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }
}
