package io.fnm.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code fnm} command line (picocli): {@code run}, {@code replay}, {@code demo}, {@code decode} and {@code help},
 * each with {@code --help}, and {@code --version}. FastNetMon's own flags work without a command:
 * {@code fnm --configuration_file F} is {@code fnm run --configuration_file F}. Returns an exit status instead of
 * calling {@link System#exit} anywhere but here, so every command can be driven from tests: 0 done, 1 failed,
 * 2 bad command line.
 */
@Command(name = "fnm", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisHeading = "usage: ", sortOptions = false,
    description = {"DoS/DDoS detection compatible with FastNetMon's configuration.",
        "Without a command, FastNetMon's flags run the engine: fnm --configuration_file /etc/fastnetmon.conf"},
    footer = {"", "Run 'fnm help COMMAND' or 'fnm COMMAND --help' for a command's options."})
public final class Main implements Callable<Integer>
{
    @CommandLine.Mixin
    private final RunCommand.FastNetMonFlags flags = new RunCommand.FastNetMonFlags();

    @Option(names = "--strict", description = "with --configuration_check: warnings are errors")
    private boolean strict;

    private final PrintStream out;
    private final PrintStream err;

    private Main(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        LoggingSetup.configure(args);
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
        return commandLine(out, err).execute(args.toArray(new String[0]));
    }

    /**
     * @param out standard output.
     * @param err standard error.
     * @return the command line with every command, writing to out and err.
     */
    static CommandLine commandLine(final PrintStream out, final PrintStream err)
    {
        final CommandLine cli = new CommandLine(new Main(out, err))
            .addSubcommand("run", new RunCommand(out, err))
            .addSubcommand("replay", new ReplayCommand(out, err))
            .addSubcommand("demo", new DemoCommand(out, err))
            .addSubcommand("decode", new DecodeCommand(out, err))
            .addSubcommand("api", new OperatorCommands.Api(out, err))
            .addSubcommand("top", new OperatorCommands.Top(out, err))
            .addSubcommand("help", new CommandLine.HelpCommand());
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cli.setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine failed = ex.getCommandLine();
            failed.getErr().println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, failed.getErr());
            failed.usage(failed.getErr());
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof InterruptedException)
            {
                Thread.currentThread().interrupt();
                err.println("interrupted");
                return 130;
            }
            err.println("error: " + ex);
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws Exception
    {
        if (flags.configurationFile == null && !flags.configurationCheck)
        {
            err.println("fnm: a command or --configuration_file is needed");
            CommandLine.usage(this, err);
            return 2;
        }
        final RunCommand run = new RunCommand(out, err);
        run.flags.copy(flags);
        run.strict = strict;
        return run.call();
    }

    /** {@code --version}: the jar's version. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"fnm " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
