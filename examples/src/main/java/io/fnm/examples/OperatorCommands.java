package io.fnm.examples;

import io.fnm.examples.api.ApiCommand;
import io.fnm.examples.api.TopCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fnm api} and {@code fnm top} on the picocli command line: they parse their own arguments
 * ({@link ApiCommand}, {@link TopCommand}), so picocli hands them everything after the command.
 */
final class OperatorCommands
{
    private OperatorCommands()
    {
    }

    /** {@code fnm api VERB ...}: the operator API's client. */
    @Command(name = "api", description = {"The operator API's client: ban IP [--duration S] [--reason TEXT], unban IP,",
        "banlist, top [--direction --by --n --version], host IP, totals, networks, attacks, reload.",
        "Options: --api URL (default http://127.0.0.1:9210), --token-file FILE, --json. 'fnm api --help' for more."})
    static final class Api implements Callable<Integer>
    {
        @Unmatched
        private final List<String> args = new ArrayList<>();
        private final PrintStream out;
        private final PrintStream err;

        Api(final PrintStream out, final PrintStream err)
        {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call()
        {
            if (args.isEmpty() || args.contains("--help") || args.contains("-h"))
            {
                (args.isEmpty() ? err : out).print(ApiCommand.USAGE);
                return args.isEmpty() ? 2 : 0;
            }
            return ApiCommand.run(args, out, err);
        }
    }

    /** {@code fnm top}: the live screen. */
    @Command(name = "top", description = {"The live screen of totals, top hosts, bans and network load (like",
        "fastnetmon_client): fnm top [--api URL] [--token-file FILE] [--n N] [--by packets|bytes|flows]",
        "[--plain [--iterations N]]. Keys: p/b/f sort, 4/6 IP version, up/down select, B ban, U unban, q quit."})
    static final class Top implements Callable<Integer>
    {
        @Unmatched
        private final List<String> args = new ArrayList<>();
        private final PrintStream out;
        private final PrintStream err;

        Top(final PrintStream out, final PrintStream err)
        {
            this.out = out;
            this.err = err;
        }

        @Override
        public Integer call() throws InterruptedException
        {
            return TopCommand.run(args, out, err);
        }
    }
}
