package io.fnm.examples.api;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code fnm top [--api URL] [--token-file F] [--n N] [--by packets|bytes|flows]}: the live screen, refreshed every
 * second, on a JLine terminal (alternate screen, raw keys). Keys: p, b, f sort by packets, bytes, flows; 4 or 6
 * switch IP version; up/down (or j/k) select a host; B bans and U unbans the selected host after a y/n
 * confirmation; q quits. When standard input or output is not a terminal (or with {@code --plain}), it prints the
 * screen as a plain table every second instead, {@code --iterations N} times (0, the default: until killed).
 */
public final class TopCommand
{
    private static final long REFRESH_MILLIS = 1_000;

    private TopCommand()
    {
    }

    /**
     * @param args the arguments after {@code top}.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     * @throws InterruptedException when interrupted in plain mode.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
        throws InterruptedException
    {
        String url = ApiClient.DEFAULT_URL;
        Path tokenFile = null;
        int n = 7;
        String by = "packets";
        boolean plain = System.console() == null;
        long iterations = 0;
        try
        {
            for (int i = 0; i < args.size(); i++)
            {
                final String arg = args.get(i);
                if ("--plain".equals(arg))
                {
                    plain = true;
                    continue;
                }
                if (i + 1 >= args.size())
                {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                final String value = args.get(++i);
                switch (arg)
                {
                    case "--api" -> url = value;
                    case "--token-file" -> tokenFile = Path.of(value);
                    case "--n" -> n = bounded(arg, value, 1, 100);
                    case "--by" -> by = sort(value);
                    case "--iterations" -> iterations = bounded(arg, value, 0, Integer.MAX_VALUE);
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
                }
            }
            final TopScreen screen = new TopScreen(new ApiClient(url, ApiClient.readToken(tokenFile)), url, n, by);
            return plain ? plain(screen, out, iterations) : live(screen);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("error: " + ex.getMessage());
            err.println("usage: fnm top [--api URL] [--token-file FILE] [--n N] [--by packets|bytes|flows] " +
                "[--plain [--iterations N]]");
            return 2;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
    }

    private static int plain(final TopScreen screen, final PrintStream out, final long iterations)
        throws InterruptedException
    {
        for (long i = 0; iterations == 0 || i < iterations; i++)
        {
            if (i > 0)
            {
                Thread.sleep(REFRESH_MILLIS); // the refresh period of a person's screen, not a wait for a tick
            }
            screen.refresh();
            screen.render(0, 0, false).forEach(out::println);
            out.println();
            out.flush();
        }
        return 0;
    }

    private static int live(final TopScreen screen) throws IOException
    {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build())
        {
            final Attributes saved = terminal.enterRawMode();
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.cursor_invisible);
            try
            {
                loop(terminal, screen);
            }
            finally
            {
                terminal.puts(Capability.cursor_visible);
                terminal.puts(Capability.exit_ca_mode);
                terminal.setAttributes(saved);
                terminal.flush();
            }
        }
        return 0;
    }

    private static void loop(final Terminal terminal, final TopScreen screen) throws IOException
    {
        final NonBlockingReader reader = terminal.reader();
        long nextRefresh = 0;
        while (true)
        {
            final long now = System.currentTimeMillis();
            if (now >= nextRefresh)
            {
                screen.refresh();
                nextRefresh = now + REFRESH_MILLIS;
                draw(terminal, screen);
            }
            final int key = reader.read(Math.max(1, nextRefresh - System.currentTimeMillis()));
            if (key == NonBlockingReader.READ_EXPIRED)
            {
                continue;
            }
            if (key < 0 || !handle(key, reader, screen))
            {
                return;
            }
            draw(terminal, screen);
        }
    }

    /**
     * @return false to quit.
     */
    private static boolean handle(final int key, final NonBlockingReader reader, final TopScreen screen)
        throws IOException
    {
        if (screen.confirming())
        {
            screen.confirm(key == 'y' || key == 'Y');
            return true;
        }
        switch (key)
        {
            case 'q', 'Q', 3 -> // 3: Ctrl-C in raw mode
            {
                return false;
            }
            case 'p' -> screen.sortBy("packets");
            case 'b' -> screen.sortBy("bytes");
            case 'f' -> screen.sortBy("flows");
            case '4', '6' -> screen.toggleVersion();
            case 'j' -> screen.move(1);
            case 'k' -> screen.move(-1);
            case 'B' -> screen.ask("ban");
            case 'U', 'u' -> screen.ask("unban");
            case 27 -> arrow(reader, screen);
            default ->
            {
                // other keys do nothing
            }
        }
        if (key == 'p' || key == 'b' || key == 'f' || key == '4' || key == '6')
        {
            screen.refresh();
        }
        return true;
    }

    private static void arrow(final NonBlockingReader reader, final TopScreen screen) throws IOException
    {
        if (reader.read(50) != '[')
        {
            return;
        }
        final int code = reader.read(50);
        if (code == 'A')
        {
            screen.move(-1);
        }
        else if (code == 'B')
        {
            screen.move(1);
        }
    }

    private static void draw(final Terminal terminal, final TopScreen screen)
    {
        final int width = Math.max(20, terminal.getWidth());
        final int height = Math.max(5, terminal.getHeight());
        final List<String> lines = screen.render(width, height - 1, true);
        terminal.puts(Capability.cursor_home);
        for (final String line : lines)
        {
            terminal.writer().print(line);
            terminal.puts(Capability.clr_eol);
            terminal.writer().print("\r\n");
        }
        terminal.puts(Capability.clr_eos);
        terminal.flush();
    }

    private static int bounded(final String name, final String value, final int min, final int max)
    {
        try
        {
            final int n = Integer.parseInt(value);
            if (n >= min && n <= max)
            {
                return n;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number in [" + min + ", " + max + "]");
    }

    private static String sort(final String value)
    {
        if (!TopScreen.SORTS.contains(value))
        {
            throw new IllegalArgumentException("--by must be packets, bytes or flows");
        }
        return value;
    }
}
