package io.fnm.examples;

import io.fnm.examples.decode.NetflowDecodeTool;
import io.fnm.examples.decode.PacketDecodeTool;
import io.fnm.examples.decode.SflowDecodeTool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fnm decode netflow|sflow|packets FILE...}: the tools an operator uses when "the client shows zeros".
 */
@Command(name = "decode", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisHeading = "usage: ", description = {"Decode captures to JSON lines:",
        "  netflow  NetFlow v5/v9/IPFIX (pcap, pcapng or raw payloads)",
        "  sflow    sFlow (pcap, pcapng or raw payloads)",
        "  packets  the header parser's view of each frame of a pcap of mirrored traffic"})
final class DecodeCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FORMAT", description = "netflow, sflow or packets")
    String format;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE", description = "captures")
    List<Path> files = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    DecodeCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call()
    {
        for (final Path file : files)
        {
            if (!Files.exists(file))
            {
                err.println("decode: " + file + ": no such file");
                return 1;
            }
        }
        try
        {
            switch (format)
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
                    err.println("decode: unknown format '" + format + "' (netflow, sflow or packets)");
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
