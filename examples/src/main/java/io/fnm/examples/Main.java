package io.fnm.examples;

import io.fnm.examples.api.ApiCommand;
import io.fnm.examples.api.TopCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code fnm} command line: {@code run}, {@code replay}, {@code demo} and {@code decode}. Returns an exit status
 * instead of calling {@link System#exit} anywhere but here, so every command can be driven from tests.
 */
public final class Main
{
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: java -jar fnm.jar <command> [options]",
        "",
        "  run --configuration_file FILE       run the engine with what FILE (fastnetmon.conf syntax) enables",
        "  run --configuration_file FILE --configuration_check",
        "                                      validate FILE and its networks files, then exit",
        "  replay --configuration_file FILE [--traffic auto|flows|mirror] CAPTURE...",
        "                                      run FILE's detection over pcap captures of NetFlow/IPFIX/sFlow",
        "                                      exports or of mirrored traffic on their own clock; print bans and",
        "                                      attack details (auto: flows when most frames go to a flow port)",
        "  demo                                simulated background traffic plus a flood, detected and banned",
        "  decode netflow FILE...              decode NetFlow v5/v9/IPFIX captures (pcap, pcapng or raw payloads)",
        "  decode sflow FILE...                decode sFlow captures (pcap, pcapng or raw payloads)",
        "  decode packets FILE...              the header parser's view of each frame of a pcap of mirrored traffic",
        "  api [--api URL] [--token-file F] [--json] ban|unban IP, banlist, top, host IP, totals, networks,",
        "      attacks, reload                 the operator API's client (fnm api --help for the options)",
        "  top [--api URL] [--token-file F]    the live screen of top hosts, totals, bans and network load",
        "");

    private Main()
    {
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * @param args the command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit status.
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        if (args.isEmpty() || "--help".equals(args.get(0)) || "-h".equals(args.get(0)))
        {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        final List<String> rest = args.subList(1, args.size());
        try
        {
            switch (args.get(0))
            {
                case "run":
                    return RunCommand.run(rest, out, err);
                case "replay":
                    return ReplayCommand.run(rest, out, err);
                case "demo":
                    return DemoCommand.run(rest, out, err);
                case "decode":
                    return DecodeCommand.run(rest, out, err);
                case "api":
                    if (!rest.isEmpty() && "--help".equals(rest.get(0)))
                    {
                        out.print(ApiCommand.USAGE);
                        return 0;
                    }
                    return ApiCommand.run(rest, out, err);
                case "top":
                    return TopCommand.run(rest, out, err);
                default:
                    err.println("unknown command '" + args.get(0) + "'");
                    err.print(USAGE);
                    return 2;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return 130;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex);
            return 1;
        }
    }
}
