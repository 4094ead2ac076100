package io.fnm.actions.details;

import io.fnm.actions.internal.Delivery;
import io.fnm.actions.internal.QueuedAction;
import io.fnm.actions.internal.RetryPolicy;
import io.fnm.actions.json.AttackEvent;
import io.fnm.actions.json.AttackJson;
import io.fnm.capture.Clock;
import io.fnm.capture.TrafficRecord;
import io.fnm.core.Attack;
import io.fnm.core.AttackReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * FastNetMon's attack details folder ({@code attack_details_folder}), one set of files per attack named after the
 * host and the local time of detection, {@code <ip>_<DD_MM_YY_HH-MM-SS>} ({@link #baseName}):
 * <ul>
 *   <li>{@code .txt}: the attack description (reference §5.3) appended at ban, then the description with the
 *   "Attack traffic dump" and "Flow dump" appended when the sampled records arrive, each followed by {@code \n\n}
 *   as FastNetMon appends;</li>
 *   <li>{@code .json}: {@link AttackJson} of the latest event, replaced atomically (ban, then details with
 *   {@code packet_dump_detailed}, then unban with {@code unbanned_at});</li>
 *   <li>with {@code collect_attack_pcap_dumps = on}: {@code .pcap}, the frames the sampled records carry (mirror
 *   capture), written by {@link AttackPcap}; and {@code .records.csv}, the records that carry no frame (flow
 *   sources), written by {@link RecordsCsv}.</li>
 * </ul>
 * File names never contain {@code :} (FastNetMon's do: its time is {@code HH:MM:SS} and an IPv6 address keeps its
 * colons), so the folder can be copied to any filesystem: the time is {@code HH-MM-SS} and an IPv6 address has each
 * {@code :} replaced by {@code -} ({@code 2001:db8::7} becomes {@code 2001-db8--7}; reversible, as {@code -} never
 * occurs in an address).
 * <p>
 * Files are written on the output's own thread ({@link Delivery}), so the engine's action thread only enqueues.
 */
public final class AttackDetailsAction extends QueuedAction
{
    /** The name of this output, its counters' {@code action} label. */
    public static final String NAME = "attack_details_folder";

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("dd_MM_yy_HH-mm-ss");
    private static final int FLOW_DUMP_LINES = 1000;

    private final Path folder;
    private final boolean pcap;
    private final ZoneId zone;

    /**
     * @param folder the folder (created when missing).
     * @param pcap   whether to write the records as pcap (frames) and CSV (flow records).
     * @param zone   the time zone of file names and of the text's packet times (FastNetMon: local time).
     * @param clock  the clock of {@code unbanned_at}.
     */
    public AttackDetailsAction(final Path folder, final boolean pcap, final ZoneId zone, final Clock clock)
    {
        super(NAME, RetryPolicy.ONCE, clock);
        this.folder = Objects.requireNonNull(folder, "folder");
        this.pcap = pcap;
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * @param attack the attack.
     * @param zone   the time zone of the name.
     * @return {@code <ip>_<DD_MM_YY_HH-MM-SS>}, the detection time in {@code zone}, IPv6 colons as {@code -}.
     */
    public static String baseName(final Attack attack, final ZoneId zone)
    {
        return attack.ip().replace(':', '-') + '_' +
            FILE_TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochMilli(attack.detectedAtMillis()), zone));
    }

    @Override
    protected Delivery.Write prepare(final Attack attack, final AttackEvent event, final List<TrafficRecord> records,
        final Instant now)
    {
        switch (event)
        {
            case BAN:
                return () ->
                {
                    final String base = folderAndBaseName(attack);
                    appendText(base, AttackReport.describe(attack));
                    writeJson(base, AttackJson.json(attack, AttackEvent.BAN, List.of(), now));
                };
            case DETAILS:
                return () ->
                {
                    final String base = folderAndBaseName(attack);
                    appendText(base, AttackReport.withDump(attack, records,
                        FlowDump.of(attack, records, FLOW_DUMP_LINES), zone));
                    writeJson(base, AttackJson.json(attack, AttackEvent.DETAILS, records, now));
                    if (pcap)
                    {
                        writeRecords(base, records);
                    }
                };
            default:
                return () -> writeJson(folderAndBaseName(attack), AttackJson.json(attack, event, List.of(), now));
        }
    }

    /**
     * @return the folder written.
     */
    public Path folder()
    {
        return folder;
    }

    private String folderAndBaseName(final Attack attack) throws IOException
    {
        Files.createDirectories(folder);
        return baseName(attack, zone);
    }

    private void appendText(final String base, final String text) throws IOException
    {
        Files.writeString(folder.resolve(base + ".txt"), text + "\n\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private void writeJson(final String base, final String json) throws IOException
    {
        final Path target = folder.resolve(base + ".json");
        final Path temp = folder.resolve('.' + base + ".json.tmp");
        Files.writeString(temp, json, StandardCharsets.UTF_8);
        try
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void writeRecords(final String base, final List<TrafficRecord> records) throws IOException
    {
        AttackPcap.write(folder.resolve(base + ".pcap"), records);
        final List<TrafficRecord> flows = new ArrayList<>();
        for (final TrafficRecord record : records)
        {
            if (!record.packet().isPresent())
            {
                flows.add(record);
            }
        }
        if (!flows.isEmpty())
        {
            RecordsCsv.write(folder.resolve(base + ".records.csv"), flows);
        }
    }

    @Override
    public String toString()
    {
        return "AttackDetailsAction{" + folder + ", pcap=" + (pcap ? "on" : "off") + '}';
    }
}
