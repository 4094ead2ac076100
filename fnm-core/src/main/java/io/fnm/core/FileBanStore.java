package io.fnm.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link BanStore} in one text file, written crash-safely: the list goes to a temporary file in the same directory,
 * which is forced to disk ({@link FileChannel#force(boolean)}), renamed over the file atomically
 * ({@link StandardCopyOption#ATOMIC_MOVE}), then the directory is forced too so the rename itself survives a power
 * loss. A crash at any point leaves either the previous list or the new one, never a mix.
 * <p>
 * Format (UTF-8, one line each): {@code fnm-bans 1}, then one line per ban with tab-separated, URL-encoded fields
 * (uuid, address, manual, direction, fired directions, protocol, type, threshold, hostgroup, customer network,
 * initial and peak power in pps, detection time, ban time in seconds, reason, banned-at and unban-at epoch
 * milliseconds, {@code -} for none), then {@code end N} with the number of bans, so that a truncated file is told
 * from a short list. A host's rates at detection are not kept (a restored attack carries zero rates).
 * <p>
 * A file that cannot be parsed is renamed to {@code NAME.corrupt} (kept for inspection, replaced by a later corrupt
 * one) and {@link #load()} throws an {@link IOException} naming both files.
 */
public final class FileBanStore implements BanStore
{
    /** The first line of a version 1 file. */
    static final String HEADER = "fnm-bans 1";
    private static final String NONE = "-";
    private static final int FIELDS = 17;

    private final Path file;

    /**
     * @param file the file (its directory must exist when saving).
     */
    public FileBanStore(final Path file)
    {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /**
     * @return the file.
     */
    public Path file()
    {
        return file;
    }

    @Override
    public void save(final List<BanEntry> bans) throws IOException
    {
        final StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (final BanEntry ban : bans)
        {
            text.append(line(ban)).append('\n');
        }
        text.append("end ").append(bans.size()).append('\n');
        final Path dir = file.getParent();
        final Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            move(temp);
        }
        finally
        {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
    }

    private void move(final Path temp) throws IOException
    {
        try
        {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            throw new IOException("cannot save the ban list to " + file + ": its file system cannot rename " +
                "atomically", ex);
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // some platforms cannot open a directory; the rename is then as durable as they make it
        }
    }

    @Override
    public List<BanEntry> load() throws IOException
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            return List.of();
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot read the ban list " + file + ": " + ex, ex);
        }
        try
        {
            return parse(lines);
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            final Path kept = file.resolveSibling(file.getFileName() + ".corrupt");
            Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            throw new IOException("corrupt ban list " + file + " (" + ex.getMessage() + "); moved to " + kept, ex);
        }
    }

    private static List<BanEntry> parse(final List<String> lines)
    {
        if (lines.isEmpty() || !HEADER.equals(lines.get(0)))
        {
            throw new IllegalArgumentException("line 1 is not '" + HEADER + "'");
        }
        final List<BanEntry> bans = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            if (line.startsWith("end "))
            {
                if (Integer.parseInt(line.substring(4)) != bans.size() || i != lines.size() - 1)
                {
                    throw new IllegalArgumentException("line " + (i + 1) + ": '" + line + "' does not close " +
                        bans.size() + " bans");
                }
                return bans;
            }
            try
            {
                bans.add(entry(line));
            }
            catch (final IllegalArgumentException | IndexOutOfBoundsException | IOException ex)
            {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + ex.getMessage(), ex);
            }
        }
        throw new IllegalArgumentException("truncated: no 'end' line after " + bans.size() + " bans");
    }

    private static String line(final BanEntry ban)
    {
        final Attack a = ban.attack();
        final StringBuilder fired = new StringBuilder();
        for (final Direction d : a.firedDirections())
        {
            fired.append(fired.length() == 0 ? "" : ",").append(d.name());
        }
        return String.join("\t", a.uuid().toString(), a.ip(), Boolean.toString(a.manual()), a.direction().name(),
            fired.length() == 0 ? NONE : fired.toString(), a.protocol().name(), a.type().name(),
            a.threshold() == null ? NONE : a.threshold().name(), encode(a.hostgroup()),
            a.customerNetwork() == null ? NONE : a.customerNetwork().toString(), Long.toString(a.initialPowerPps()),
            Long.toString(a.peakPowerPps()), Long.toString(a.detectedAtMillis()), Long.toString(a.banTimeSeconds()),
            encode(a.reason().orElse(null)), Long.toString(ban.bannedAtMillis()), Long.toString(ban.unbanAtMillis()));
    }

    private static BanEntry entry(final String line) throws IOException
    {
        final String[] f = line.split("\t", -1);
        if (f.length != FIELDS)
        {
            throw new IllegalArgumentException(f.length + " fields instead of " + FIELDS);
        }
        final Set<Direction> fired = EnumSet.noneOf(Direction.class);
        if (!NONE.equals(f[4]))
        {
            for (final String d : f[4].split(","))
            {
                fired.add(Direction.valueOf(d));
            }
        }
        if (!"true".equals(f[2]) && !"false".equals(f[2]))
        {
            throw new IllegalArgumentException("manual is '" + f[2] + "'");
        }
        final Attack attack = Attack.builder().uuid(UUID.fromString(f[0])).address(address(f[1]))
            .manual(Boolean.parseBoolean(f[2])).direction(Direction.valueOf(f[3]))
            .firedDirections(fired.isEmpty() ? null : fired).protocol(AttackProtocol.valueOf(f[5]))
            .type(AttackType.valueOf(f[6])).threshold(NONE.equals(f[7]) ? null : ThresholdKind.valueOf(f[7]))
            .hostgroup(decode(f[8])).customerNetwork(NONE.equals(f[9]) ? null : IpPrefix.parse(f[9]))
            .initialPowerPps(Long.parseLong(f[10])).peakPowerPps(Long.parseLong(f[11]))
            .detectedAtMillis(Long.parseLong(f[12])).banTimeSeconds(Long.parseLong(f[13])).reason(decode(f[14]))
            .build();
        return new BanEntry(attack, Long.parseLong(f[15]), Long.parseLong(f[16]));
    }

    private static InetAddress address(final String text) throws IOException
    {
        // a literal only: never a name lookup
        if (text.isEmpty() || !(text.indexOf(':') >= 0 || text.chars().allMatch(c -> c == '.' ||
            Character.isDigit(c))))
        {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        return InetAddress.getByName(text);
    }

    private static String encode(final String value)
    {
        return value == null ? NONE : URLEncoder.encode(value, StandardCharsets.UTF_8).replace(NONE, "%2D");
    }

    private static String decode(final String field)
    {
        return NONE.equals(field) ? null : URLDecoder.decode(field, StandardCharsets.UTF_8);
    }
}
