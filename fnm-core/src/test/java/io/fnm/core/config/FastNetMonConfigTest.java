package io.fnm.core.config;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;
import io.fnm.core.EngineConfig;
import io.fnm.core.Hostgroup;
import io.fnm.core.IpPrefix;
import io.fnm.core.ThresholdKind;
import io.fnm.core.Thresholds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FastNetMonConfigTest
{
    private static final String NETWORKS = "networks_list_path = networks_list\n";

    @TempDir
    Path dir;

    @Test
    void shouldSkipCommentsAndEmptyLinesAndTrimKeysAndValues() throws IOException
    {
        final Path conf = write("# comment\n\n   \n  # indented comment\n\t ban_time   =   60  \r\n" + NETWORKS);

        final EngineConfig config = FastNetMonConfig.load(conf);

        assertThat(config.banTimeSeconds()).isEqualTo(60);
        assertThat(config.settings().keys()).containsExactly("ban_time", "networks_list_path");
    }

    @Test
    void shouldIgnoreUtf8ByteOrderMark() throws IOException
    {
        final Path conf = write("\uFEFFban_time = 60\n" + NETWORKS);

        assertThat(FastNetMonConfig.check(conf, List.of())).isEmpty();
        assertThat(FastNetMonConfig.load(conf).banTimeSeconds()).isEqualTo(60);
    }

    @Test
    void shouldSplitOnRunsOfEqualsSigns() throws IOException
    {
        final Path conf = write("ban_time ==== 60\n" + NETWORKS);

        assertThat(FastNetMonConfig.load(conf).banTimeSeconds()).isEqualTo(60);
    }

    @Test
    void shouldRejectLineWithoutEqualsNamingFileAndLine() throws IOException
    {
        final Path conf = write(NETWORKS + "# fine\nban_time 60\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":3: ").hasMessageContaining("not a 'key = value' line");
    }

    @Test
    void shouldRejectValueContainingEqualsNamingFileAndLine() throws IOException
    {
        final Path conf = write(NETWORKS + "redis_prefix = a=b\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":2: ").hasMessageContaining("more than one '='");
    }

    @Test
    void shouldRejectLineWithEmptyKey() throws IOException
    {
        final Path conf = write(NETWORKS + " = on\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageStartingWith(conf + ":2: ")
            .hasMessageContaining("no key");
    }

    @Test
    void shouldNotTreatInlineHashAsComment() throws IOException
    {
        final Path conf = write(NETWORKS + "ban_time = 60 # seconds\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessage(conf + ":2: ban_time: '60 # seconds' is not a whole number");
    }

    @Test
    void shouldUseLastOccurrenceWhenKeyIsRepeated() throws IOException
    {
        final Path conf = write("ban_time = 60\n" + NETWORKS + "ban_time = 120\n");

        final FastNetMonConfig.Result result = FastNetMonConfig.load(conf, List.of());

        assertThat(result.config().banTimeSeconds()).isEqualTo(120);
        assertThat(result.config().settings().location("ban_time")).isEqualTo(conf + ":3");
        assertThat(result.warnings()).containsExactly(conf + ":3: ban_time: also set at line 1; the last one wins");
    }

    @Test
    void shouldAccumulateHostgroupLines() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = first:10.0.0.0/24\nhostgroup = second:10.0.1.0/24\n",
            "10.0.0.0/16\n");

        final EngineConfig config = FastNetMonConfig.load(conf);

        assertThat(config.hostgroups()).extracting(Hostgroup::name).containsExactly("first", "second");
        assertThat(config.hostgroups().get(1).prefixes()).containsExactly(IpPrefix.parse("10.0.1.0/24"));
    }

    @Test
    void shouldRejectBooleanOtherThanOnOffWithHintAndLine() throws IOException
    {
        final Path conf = write(NETWORKS + "enable_ban = yes\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":2: enable_ban: 'yes' is not a boolean; use 'on' or 'off'")
            .extracting(ex -> ((ConfigException)ex).location()).isEqualTo(conf + ":2");
    }

    @Test
    void shouldRejectCapitalisedOnWhichFastNetMonReadsAsOff() throws IOException
    {
        final Path conf = write(NETWORKS + "ban_for_pps = On\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageContaining("ban_for_pps: 'On'");
    }

    @Test
    void shouldAcceptYesForRedisEnabledOnly() throws IOException
    {
        final Path conf = write(NETWORKS + "redis_enabled = yes\n");

        final FastNetMonConfig.Result result = FastNetMonConfig.load(conf, List.of());

        assertThat(result.config().settings().bool("redis_enabled", false)).isTrue();
        // on, and nothing on the class path implements Redis: an error, never silently ignored
        assertThat(result.errors()).singleElement().asString()
            .startsWith(conf + ":2: `redis_enabled = yes`: not supported by fnm yet");
    }

    @Test
    void shouldRejectIntegerThatIsNotAWholeNumberNamingFileLineAndKey() throws IOException
    {
        final Path conf = write(NETWORKS + "\nthreshold_pps = 20k\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessage(conf + ":3: threshold_pps: '20k' is not a whole number");
    }

    @Test
    void shouldRejectNegativeThreshold() throws IOException
    {
        final Path conf = write(NETWORKS + "threshold_mbps = -1\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageStartingWith(conf + ":2: threshold_mbps: ")
            .hasMessageContaining("out of range");
    }

    @Test
    void shouldRejectValueOutOfRangeNamingFileLineAndKey() throws IOException
    {
        final Path conf = write(NETWORKS + "average_calculation_time = -1\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":2: average_calculation_time: -1 is out of range");
    }

    @Test
    void shouldAcceptZeroAverageTimeMeaningNoSmoothing() throws IOException
    {
        final Path conf = write(NETWORKS + "average_calculation_time = 0\n");

        assertThat(FastNetMonConfig.load(conf).averageCalculationTimeSeconds()).isZero();
    }

    @Test
    void shouldWarnOnceAboutUnknownKeyWhenItIsRepeated() throws IOException
    {
        final Path conf = write(NETWORKS + "ban_tme = 1\nban_tme = 2\nban_tme = 3\n");

        final List<String> warnings = FastNetMonConfig.check(conf, List.of());

        assertThat(warnings).filteredOn(w -> w.contains("unknown key"))
            .containsExactly(conf + ":4: ban_tme: unknown key; did you mean 'ban_time'?; ignored");
    }

    @Test
    void shouldNotWarnAboutKeyDeclaredByCaller() throws IOException
    {
        final Path conf = write(NETWORKS + "my_plugin_url = http://example\n");

        assertThat(FastNetMonConfig.check(conf, List.of("my_plugin_url"))).isEmpty();
    }

    @Test
    void shouldWarnThatLegacyKeyIsNoLongerUsed() throws IOException
    {
        final Path conf = write(NETWORKS + "enable_subnet_counters = on\nlogging:local_syslog_logging = off\n");

        final List<String> warnings = FastNetMonConfig.check(conf, List.of());

        assertThat(warnings).containsExactly(
            conf + ":2: enable_subnet_counters: no longer used by FastNetMon nor fnm; ignored",
            conf + ":3: logging:local_syslog_logging: no longer used by FastNetMon nor fnm; ignored");
    }

    @Test
    void shouldDefaultMissingKeysToFastNetMonCodeDefaults() throws IOException
    {
        final Path conf = write(NETWORKS);

        final EngineConfig config = FastNetMonConfig.load(conf);

        assertThat(config.globalThresholds()).isEqualTo(Thresholds.none());
        assertThat(config.averageCalculationTimeSeconds()).isEqualTo(15);
        assertThat(config.banTimeSeconds()).isEqualTo(1800);
        assertThat(config.banDetailsRecordsCount()).isEqualTo(50);
        assertThat(config.whitelist()).isEmpty();
        assertThat(config.source()).isEqualTo(conf);
    }

    @Test
    void shouldReportBareIpv4InNetworksFileWithItsLine() throws IOException
    {
        final Path conf = write(NETWORKS, "# ours\n10.0.0.0/8\n192.0.2.1\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(dir.resolve("networks_list") + ":3: networks_list_path: '192.0.2.1' has no " +
                "prefix length");
    }

    @Test
    void shouldReportInvalidIpv6InNetworksFileWithItsLine() throws IOException
    {
        final Path conf = write(NETWORKS, "10.0.0.0/8\n2001:db8::g/32\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf))
            .hasMessageStartingWith(dir.resolve("networks_list") + ":2: networks_list_path: ");
    }

    @Test
    void shouldReportInvalidWhitelistEntryWithItsLine() throws IOException
    {
        final Path conf = write(NETWORKS + "white_list_path = whitelist\n", "10.0.0.0/8\n");
        Files.writeString(dir.resolve("whitelist"), "10.0.0.1/32\n10.0.0.1/40\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf))
            .hasMessageStartingWith(dir.resolve("whitelist") + ":2: white_list_path: ");
    }

    @Test
    void shouldNormaliseHostBitsOfNetworksWithWarning() throws IOException
    {
        final Path conf = write(NETWORKS, "10.0.0.1/24\n2001:db8::1/64\n");

        final FastNetMonConfig.Result result = FastNetMonConfig.load(conf, List.of());

        assertThat(result.config().networks()).extracting(IpPrefix::toString)
            .startsWith("10.0.0.0/24", "2001:db8::/64");
        assertThat(result.warnings()).containsExactly(
            dir.resolve("networks_list") + ":1: 10.0.0.1/24 has host bits set; using 10.0.0.0/24",
            dir.resolve("networks_list") + ":2: 2001:db8::1/64 has host bits set; using 2001:db8::/64");
    }

    @Test
    void shouldFailNamingTheKeyWhenNetworksFileIsMissing() throws IOException
    {
        final Path conf = dir.resolve("fastnetmon.conf");
        Files.writeString(conf, "networks_list_path = nowhere\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":1: networks_list_path: file '" + dir.resolve("nowhere") +
                "' does not exist");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty|''|it is empty",
        "comments|'# our prefixes\\n\\n   \\n# none yet\\n'|it holds only comments and blank lines",
        "NUL bytes|'\\0\\0\\0\\0\\n\\0'|it holds NUL bytes"})
    void shouldFailNamingTheFileWhenNetworksFileListsNoPrefix(final String form, final String content,
        final String why) throws IOException
    {
        // the CSV holds "\n" and "\0" as text
        final Path conf = write(NETWORKS, content.replace("\\n", "\n").replace("\\0", "\0"));

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessageStartingWith(conf + ":1: networks_list_path: file '" + dir.resolve("networks_list") +
                "' lists no prefix (" + why + ")");
    }

    @Test
    void shouldAcceptAnEmptyWhitelistFile() throws IOException
    {
        Files.writeString(dir.resolve("whitelist"), "# nobody\n");
        final Path conf = write(NETWORKS + "white_list_path = whitelist\n");

        assertThat(FastNetMonConfig.load(conf).whitelist()).isEmpty();
    }

    @Test
    void shouldFailWhenWhitelistFileIsSetButMissing() throws IOException
    {
        final Path conf = write(NETWORKS + "white_list_path = nowhere\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageStartingWith(conf + ":2: white_list_path: ");
    }

    @Test
    void shouldAcceptIpv6PrefixesInHostgroup() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = mixed : 2001:db8:1::/48, 10.0.0.0/28\n",
            "10.0.0.0/8\n2001:db8::/32\n");

        final Hostgroup group = FastNetMonConfig.load(conf).hostgroups().get(0);

        assertThat(group.name()).isEqualTo("mixed");
        assertThat(group.prefixes()).extracting(IpPrefix::toString).containsExactly("2001:db8:1::/48", "10.0.0.0/28");
    }

    @Test
    void shouldInheritGlobalSettingsTheGroupDoesNotSet() throws IOException
    {
        final Path conf = write(NETWORKS + "enable_ban = on\nban_for_pps = on\nthreshold_pps = 20000\n" +
            "ban_for_bandwidth = on\nthreshold_mbps = 1000\n" +
            "hostgroup = small:10.0.0.0/28\nsmall_threshold_pps = 500\nsmall_ban_for_bandwidth = off\n",
            "10.0.0.0/8\n");

        final EngineConfig config = FastNetMonConfig.load(conf);
        final Thresholds effective = config.hostgroups().get(0).effective(config.globalThresholds());

        assertThat(effective.enableBan()).isTrue();
        assertThat(effective.enabled(ThresholdKind.PPS)).isTrue();
        assertThat(effective.value(ThresholdKind.PPS)).isEqualTo(500);
        assertThat(effective.enabled(ThresholdKind.MBPS)).isFalse();
        assertThat(effective.value(ThresholdKind.MBPS)).isEqualTo(1000);
    }

    @Test
    void shouldReadEveryPerGroupKey() throws IOException
    {
        final StringBuilder text = new StringBuilder(NETWORKS).append("hostgroup = g:10.0.0.0/24\n")
            .append("g_enable_ban = on\ng_enable_ban_ipv6 = off\n");
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            text.append("g_").append(kind.switchKey()).append(" = on\n");
            text.append("g_").append(kind.thresholdKey()).append(" = ").append(kind.ordinal() + 1).append('\n');
        }
        final Path conf = write(text.toString(), "10.0.0.0/8\n");

        final FastNetMonConfig.Result result = FastNetMonConfig.load(conf, List.of());
        final Thresholds effective = result.config().hostgroups().get(0).effective(Thresholds.none());

        assertThat(result.warnings()).isEmpty();
        assertThat(effective.enableBan()).isTrue();
        for (final ThresholdKind kind : ThresholdKind.values())
        {
            assertThat(effective.enabled(kind)).isTrue();
            assertThat(effective.value(kind)).isEqualTo(kind.ordinal() + 1);
        }
    }

    @Test
    void shouldRejectBadPerGroupBooleanNamingItsLine() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = g:10.0.0.0/24\ng_ban_for_pps = true\n", "10.0.0.0/8\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageStartingWith(conf + ":3: g_ban_for_pps: ");
    }

    @Test
    void shouldWarnAboutMisspelledPerGroupKey() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = g:10.0.0.0/24\ng_ban_for_ppps = on\n", "10.0.0.0/8\n");

        assertThat(FastNetMonConfig.check(conf, List.of()))
            .singleElement().asString().startsWith(conf + ":3: g_ban_for_ppps: not a setting of hostgroup 'g'");
    }

    @Test
    void shouldRejectPrefixInTwoGroupsNamingBoth() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = first:10.0.0.0/24\nhostgroup = second:10.0.0.0/24\n",
            "10.0.0.0/8\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).isInstanceOf(ConfigException.class)
            .hasMessage(conf + ":3: hostgroup: 10.0.0.0/24 is in hostgroup 'first' (" + conf + ":2) and in " +
                "hostgroup 'second'; a prefix may belong to one group only");
    }

    @Test
    void shouldRejectGroupNameDefinedTwice() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = g:10.0.0.0/24\nhostgroup = g:10.0.1.0/24\n", "10.0.0.0/8\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf))
            .hasMessage(conf + ":3: hostgroup: hostgroup 'g' is already defined at " + conf + ":2");
    }

    @Test
    void shouldRejectBadHostgroupPrefixNamingItsLine() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = g:10.0.0.0/24,10.0.1.0\n", "10.0.0.0/8\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf))
            .hasMessageStartingWith(conf + ":2: hostgroup: hostgroup 'g': '10.0.1.0' has no prefix length");
    }

    @Test
    void shouldRejectHostgroupWithoutName() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = 10.0.0.0/24\n", "10.0.0.0/8\n");

        assertThatThrownBy(() -> FastNetMonConfig.load(conf)).hasMessageStartingWith(conf + ":2: hostgroup: ");
    }

    @Test
    void shouldWarnWhenHostgroupPrefixIsOutsideNetworks() throws IOException
    {
        // the machine's own addresses off: this test machine's may be inside 192.0.2.0/24
        final Path conf = write(NETWORKS + "monitor_local_ip_addresses = off\nhostgroup = g:192.0.2.0/24\n",
            "10.0.0.0/8\n");

        assertThat(FastNetMonConfig.check(conf, List.of())).singleElement().asString()
            .contains("192.0.2.0/24 is not inside networks_list");
    }

    @Test
    void shouldLoadTheShippedFastNetMonConfigWithoutWarnings() throws URISyntaxException
    {
        final Path conf = Path.of(getClass().getResource("shipped/fastnetmon.conf").toURI());

        final FastNetMonConfig.Result result = FastNetMonConfig.load(conf, List.of());
        final EngineConfig config = result.config();
        final Thresholds global = config.globalThresholds();

        assertThat(result.warnings()).isEmpty();
        assertThat(global.enableBan()).isTrue();
        assertThat(global.enableBanIpv6()).isTrue();
        assertThat(global.enabled(ThresholdKind.PPS)).isTrue();
        assertThat(global.value(ThresholdKind.PPS)).isEqualTo(20_000);
        assertThat(global.enabled(ThresholdKind.MBPS)).isTrue();
        assertThat(global.value(ThresholdKind.MBPS)).isEqualTo(1000);
        assertThat(global.enabled(ThresholdKind.FLOWS)).isFalse();
        assertThat(global.value(ThresholdKind.FLOWS)).isEqualTo(3500);
        assertThat(global.value(ThresholdKind.UDP_PPS)).isEqualTo(100_000);
        assertThat(global.enabled(ThresholdKind.UDP_PPS)).isFalse();
        assertThat(config.banTimeSeconds()).isEqualTo(1900);
        assertThat(config.banDetailsRecordsCount()).isEqualTo(20);
        assertThat(config.averageCalculationTimeSeconds()).isEqualTo(5);
        assertThat(config.speedCalculationDelaySeconds()).isEqualTo(1);
        assertThat(config.unbanOnlyIfAttackFinished()).isTrue();
        assertThat(config.enableConnectionTracking()).isTrue();
        assertThat(config.networks()).extracting(IpPrefix::toString)
            .startsWith("10.10.10.0/24", "192.0.2.0/24", "2001:db8::/32");
        assertThat(config.whitelist()).extracting(IpPrefix::toString)
            .containsExactly("10.10.10.1/32", "2001:db8::1/128");
        assertThat(config.hostgroups()).singleElement().satisfies(group ->
        {
            assertThat(group.name()).isEqualTo("my_hosts");
            assertThat(group.prefixes()).extracting(IpPrefix::toString)
                .containsExactly("10.10.10.221/32", "10.10.10.222/32");
            assertThat(group.effective(global).enableBan()).isFalse();
            assertThat(group.effective(global).value(ThresholdKind.PPS)).isEqualTo(100_000);
        });
        assertThat(config.settings().get("af_packet_read_packet_length_from_ip_header")).isEqualTo("off");
        assertThat(config.settings().list("interfaces")).containsExactly("eth3", "eth4");
        assertThat(config.settings().location("netflow_port")).startsWith(conf.toString() + ":");
    }

    @Test
    void shouldReturnRawSettingsWithLocationsFromParse() throws IOException
    {
        final Path conf = write("\nnetflow_port = 2055,2056\n");

        final ConfigView view = FastNetMonConfig.parse(conf);

        assertThat(view.list("netflow_port")).containsExactly("2055", "2056");
        assertThat(view.location("netflow_port")).isEqualTo(conf + ":2");
        assertThat(view.location("sflow_port")).isNull();
    }

    @Test
    void shouldKnowTheKeysOfAProviderFoundByServiceLoader() throws IOException
    {
        final Path conf = write(NETWORKS + "pcap = on\npcap_test_file = /tmp/x.pcap\n");

        final List<String> withProvider = withProviderOnClassPath(() -> FastNetMonConfig.check(conf, List.of()));

        assertThat(withProvider).isEmpty();
        final FastNetMonConfig.Result without = FastNetMonConfig.read(conf, List.of());
        assertThat(without.errors()).singleElement().asString()
            .startsWith(conf + ":2: `pcap = on`: not supported by fnm yet");
        assertThat(without.warnings()).singleElement().asString().startsWith(conf + ":3: pcap_test_file: unknown key");
    }

    @Test
    void shouldReportAnUnsupportedFastNetMonFeatureAsAnErrorWhenOnAndANoteWhenOff() throws IOException
    {
        final Path conf = write(NETWORKS + "exabgp = on\nmirror_afpacket = off\ngobgp_announce_host = on\n");

        final FastNetMonConfig.Result result = FastNetMonConfig.read(conf, List.of());

        assertThat(result.errors()).containsExactly(conf + ":2: `exabgp = on`: not supported by fnm yet (no " +
            "capture source, action or exporter on the class path implements it); FastNetMon would act on it, fnm " +
            "does not");
        assertThat(result.notes()).containsExactly(conf + ":3: `mirror_afpacket = off`: not supported by fnm yet " +
            "(off here, so nothing is lost)");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void shouldStopReportingASwitchOnceAProviderDeclaresIt() throws IOException
    {
        final Path conf = write(NETWORKS + "pcap = on\n");

        final List<String> errors = withProviderOnClassPath(() -> FastNetMonConfig.read(conf, List.of()).errors());

        assertThat(errors).isEmpty();
    }

    @Test
    void shouldReportAStatsFileAsAnUnsupportedFeatureWhenSet() throws IOException
    {
        final Path conf = write(NETWORKS + "cli_stats_file_path = /tmp/fastnetmon.dat\n");

        assertThat(FastNetMonConfig.read(conf, List.of()).errors()).singleElement().asString()
            .contains("`cli_stats_file_path = /tmp/fastnetmon.dat`: not supported by fnm yet");
    }

    @Test
    void shouldSuggestTheKeyATypoWasMeantFor() throws IOException
    {
        final Path conf = write(NETWORKS + "threshhold_pps = 10\n");

        assertThat(FastNetMonConfig.check(conf, List.of())).containsExactly(
            conf + ":2: threshhold_pps: unknown key; did you mean 'threshold_pps'?; ignored");
    }

    @Test
    void shouldSuggestTheHostgroupAGroupKeyWasMeantFor() throws IOException
    {
        final Path conf = write(NETWORKS + "hostgroup = my_hosts:10.10.10.0/24\nmy_host_threshold_pps = 10\n",
            "10.10.10.0/24\n");

        assertThat(FastNetMonConfig.check(conf, List.of())).containsExactly(
            conf + ":3: my_host_threshold_pps: hostgroup 'my_host' is not defined (no 'hostgroup = my_host:...' " +
            "line); did you mean hostgroup 'my_hosts'?; ignored");
    }

    @Test
    void shouldSayWhenAGroupKeysHostgroupIsNotDefined() throws IOException
    {
        final Path conf = write(NETWORKS + "my_hosts_enable_ban = off\n");

        assertThat(FastNetMonConfig.check(conf, List.of())).containsExactly(
            conf + ":2: my_hosts_enable_ban: hostgroup 'my_hosts' is not defined (no 'hostgroup = my_hosts:...' " +
            "line); ignored");
    }

    @Test
    void shouldAddTheMachinesOwnAddressesUnlessMonitorLocalIpAddressesIsOff() throws IOException
    {
        final List<IpPrefix> own = FastNetMonConfig.localAddresses();

        final List<IpPrefix> byDefault = FastNetMonConfig.load(write(NETWORKS, "192.0.2.0/24\n")).networks();
        final List<IpPrefix> off = FastNetMonConfig.load(write(NETWORKS + "monitor_local_ip_addresses = off\n",
            "192.0.2.0/24\n")).networks();

        assertThat(own).isNotEmpty().allSatisfy(prefix -> assertThat(prefix.toString()).endsWith("/32"));
        assertThat(byDefault).startsWith(IpPrefix.parse("192.0.2.0/24")).containsAll(own);
        assertThat(off).containsExactly(IpPrefix.parse("192.0.2.0/24"));
    }

    @Test
    void shouldListTheKeysTheProvidersDeclare() throws IOException
    {
        final Set<String> keys = withProviderOnClassPath(
            () -> FastNetMonConfig.providerKeys(Thread.currentThread().getContextClassLoader()));

        assertThat(keys).contains("pcap", "pcap_test_file");
    }

    private <T> T withProviderOnClassPath(final Supplier<T> body) throws IOException
    {
        final Path services = Files.createDirectories(dir.resolve("provider/META-INF/services"));
        Files.writeString(services.resolve("io.fnm.capture.spi.CaptureSourceProvider"),
            PcapTestProvider.class.getName() + "\n");
        final Thread thread = Thread.currentThread();
        final ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("provider").toUri().toURL()},
            getClass().getClassLoader()))
        {
            thread.setContextClassLoader(loader);
            return body.get();
        }
        finally
        {
            thread.setContextClassLoader(previous);
        }
    }

    private Path write(final String conf) throws IOException
    {
        return write(conf, "10.0.0.0/8\n");
    }

    private Path write(final String conf, final String networks) throws IOException
    {
        Files.writeString(dir.resolve("networks_list"), networks);
        final Path file = dir.resolve("fastnetmon.conf");
        Files.writeString(file, conf);
        return file;
    }
}
