package io.fnm.examples;

import io.fnm.examples.decode.NetflowDecodeTool;
import io.fnm.examples.decode.PacketDecodeTool;
import io.fnm.examples.decode.SflowDecodeTool;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fnm decode netflow|sflow|packets FILE...}: the tools an operator uses when "the client shows zeros".
 */
final class DecodeCommand
{
    private DecodeCommand()
    {
    }

    static int run(final List<String> args, final PrintStream out, final PrintStream err)
    {
        if (args.size() < 2)
        {
            err.println("usage: decode netflow|sflow|packets FILE...");
            return 2;
        }
        final List<Path> files = new ArrayList<>();
        for (final String name : args.subList(1, args.size()))
        {
            files.add(Path.of(name));
        }
        try
        {
            switch (args.get(0))
            {
                case "netflow":
                    return NetflowDecodeTool.run(files, out);
                case "sflow":
                    SflowDecodeTool.run(files, out);
                    return 0;
                case "packets":
                    PacketDecodeTool.run(files, out);
                    return 0;
                default:
                    err.println("decode: unknown format '" + args.get(0) + "' (netflow, sflow or packets)");
                    return 2;
            }
        }
        catch (final Exception ex)
        {
            err.println("decode: " + ex.getMessage());
            return 1;
        }
    }
}
