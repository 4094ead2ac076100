package io.fnm.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static io.fnm.core.EngineFixture.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBanStoreTest
{
    @TempDir
    Path dir;

    private static BanEntry detected()
    {
        final Attack attack = Attack.builder().address(address("2001:db8::7")).direction(Direction.INCOMING)
            .firedDirections(EnumSet.of(Direction.INCOMING, Direction.OUTGOING)).protocol(AttackProtocol.UDP)
            .type(AttackType.DNS_AMPLIFICATION).threshold(ThresholdKind.PPS).hostgroup("my hosts\tand -")
            .customerNetwork(IpPrefix.parse("2001:db8::/32")).initialPowerPps(120_000).peakPowerPps(150_000)
            .detectedAtMillis(1_700_000_000_000L).banTimeSeconds(1800).build();
        return new BanEntry(attack, 1_700_000_000_000L, 1_700_001_800_001L);
    }

    private static BanEntry manual()
    {
        final Attack attack = Attack.builder().address(address("10.0.0.5")).manual(true)
            .detectedAtMillis(1_700_000_000_500L).reason("ticket 42\nline two, 100% -").build();
        return new BanEntry(attack, 1_700_000_000_500L, Long.MAX_VALUE);
    }

    @Test
    void shouldReadBackEveryFieldWhenRoundTripped() throws IOException
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));
        final List<BanEntry> saved = List.of(detected(), manual());

        store.save(saved);
        final List<BanEntry> loaded = store.load();

        assertThat(loaded).hasSize(2);
        for (int i = 0; i < 2; i++)
        {
            assertThat(loaded.get(i)).hasToString(saved.get(i).toString());
            assertThat(loaded.get(i).attack().uuid()).isEqualTo(saved.get(i).attack().uuid());
            assertThat(loaded.get(i).attack().firedDirections()).isEqualTo(saved.get(i).attack().firedDirections());
            assertThat(loaded.get(i).attack().customerNetwork()).isEqualTo(saved.get(i).attack().customerNetwork());
            assertThat(loaded.get(i).attack().reason()).isEqualTo(saved.get(i).attack().reason());
            assertThat(loaded.get(i).attack().hostgroup()).isEqualTo(saved.get(i).attack().hostgroup());
        }
    }

    @Test
    void shouldReplaceTheListAndLeaveNoTemporaryFileWhenSavedTwice() throws IOException
    {
        final FileBanStore store = new FileBanStore(dir.resolve("bans"));

        store.save(List.of(detected(), manual()));
        store.save(List.of(manual()));

        assertThat(store.load()).hasSize(1);
        try (var files = Files.list(dir))
        {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("bans");
        }
    }

    @Test
    void shouldLoadNoBansWhenNothingWasSaved() throws IOException
    {
        assertThat(new FileBanStore(dir.resolve("bans")).load()).isEmpty();
    }

    @Test
    void shouldFailNamingTheFileAndKeepItAsideWhenTruncated() throws IOException
    {
        final Path file = dir.resolve("bans");
        final FileBanStore store = new FileBanStore(file);
        store.save(List.of(detected(), manual()));
        final String text = Files.readString(file);
        Files.writeString(file, text.substring(0, text.indexOf("\nend ") - 10));

        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining(file.toString())
            .hasMessageContaining("corrupt");
        assertThat(dir.resolve("bans.corrupt")).exists();
        assertThat(store.load()).isEmpty();
    }

    @Test
    void shouldFailWhenTheHeaderIsNotOurs() throws IOException
    {
        final Path file = dir.resolve("bans");
        Files.writeString(file, "{\"bans\":[]}\n", StandardCharsets.UTF_8);

        assertThatThrownBy(new FileBanStore(file)::load).isInstanceOf(IOException.class)
            .hasMessageContaining(file.toString()).hasMessageContaining("fnm-bans 1");
    }
}
