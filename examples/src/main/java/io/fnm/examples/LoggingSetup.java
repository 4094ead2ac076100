package io.fnm.examples;

import io.fnm.config.ConfigException;
import io.fnm.core.config.FileConfigView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Configures slf4j-simple (the runner's logging backend) before the first logger exists, from FastNetMon's flags and
 * the configuration file's {@code logging_level}: slf4j-simple reads its settings once, at its first use.
 * Timestamps and the rest of the format come from {@code simplelogger.properties} in the jar.
 */
final class LoggingSetup
{
    /** slf4j-simple's property for where to log. */
    static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";
    /** slf4j-simple's property for the level. */
    static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private LoggingSetup()
    {
    }

    /**
     * @param args the command line (only the logging flags and the configuration file are looked at).
     */
    static void configure(final String[] args)
    {
        final EarlyFlags flags = new EarlyFlags();
        try
        {
            new CommandLine(flags).setUnmatchedArgumentsAllowed(true).setUnmatchedOptionsArePositionalParams(true)
                .parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            return; // the real parse reports it
        }
        if (flags.logFile != null && !flags.logToConsole)
        {
            System.setProperty(LOG_FILE, flags.logFile);
        }
        final String level = flags.configurationFile == null ? null : loggingLevel(Path.of(flags.configurationFile));
        if (level != null && System.getProperty(LEVEL) == null)
        {
            System.setProperty(LEVEL, level);
        }
    }

    /**
     * @param file a FastNetMon configuration file.
     * @return the slf4j-simple level for its {@code logging_level} ({@code info} or {@code debug}, as FastNetMon
     * reads it; any other value keeps info, as FastNetMon does), or null when the file cannot be read.
     */
    static String loggingLevel(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            return null;
        }
        try
        {
            final String value = FileConfigView.parse(file).string("logging_level", "info");
            return "debug".equals(value.toLowerCase(Locale.ROOT)) ? "debug" : "info";
        }
        catch (final ConfigException ex)
        {
            return null;
        }
    }

    /** The flags read before anything logs. */
    @Command
    static final class EarlyFlags
    {
        @Option(names = "--configuration_file")
        String configurationFile;

        @Option(names = "--log_file")
        String logFile;

        @Option(names = "--log_to_console")
        boolean logToConsole;
    }
}
