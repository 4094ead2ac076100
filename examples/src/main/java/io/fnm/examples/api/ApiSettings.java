package io.fnm.examples.api;

import io.fnm.config.ConfigException;
import io.fnm.config.ConfigView;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runner's operator API settings: {@code api = on} (or FastNetMon's {@code enable_api = on}, which in
 * FastNetMon starts its gRPC API on 127.0.0.1:50052: fnm answers with this HTTP API instead), {@code api_host}
 * (default 127.0.0.1), {@code api_port} (default {@value #DEFAULT_PORT}) and {@code api_token_file} (a file holding
 * the bearer token changes need). A non-loopback {@code api_host} without a token file is refused.
 *
 * @param host  where to listen.
 * @param port  the port.
 * @param token the bearer token, or null (every change refused).
 */
public record ApiSettings(String host, int port, String token)
{
    /** Our switch. */
    public static final String ENABLED_KEY = "api";
    /** FastNetMon's switch, mapped to ours. */
    public static final String FASTNETMON_ENABLED_KEY = "enable_api";
    /** Where to listen. */
    public static final String HOST_KEY = "api_host";
    /** The port. */
    public static final String PORT_KEY = "api_port";
    /** The token file. */
    public static final String TOKEN_FILE_KEY = "api_token_file";
    /** The default port (next to Prometheus's 9209). */
    public static final int DEFAULT_PORT = 9210;
    /** The default address. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /**
     * @return the keys the runner reads for the API ({@code enable_api} is FastNetMon's, already known).
     */
    public static List<String> keys()
    {
        return List.of(ENABLED_KEY, HOST_KEY, PORT_KEY, TOKEN_FILE_KEY);
    }

    /**
     * @param settings the configuration.
     * @return the settings when the API is on, else null.
     * @throws ConfigException on a bad value, an unreadable or empty token file, or a non-loopback address without
     *                         a token file.
     */
    public static ApiSettings read(final ConfigView settings)
    {
        if (!settings.bool(ENABLED_KEY, false) && !settings.bool(FASTNETMON_ENABLED_KEY, false))
        {
            return null;
        }
        final String host = settings.string(HOST_KEY, DEFAULT_HOST);
        final int port = settings.intValue(PORT_KEY, DEFAULT_PORT, 0, 65535);
        final String tokenFile = settings.get(TOKEN_FILE_KEY);
        final String token = tokenFile == null || tokenFile.isEmpty() ? null : readToken(settings, tokenFile);
        if (token == null && !isLoopback(settings, host))
        {
            throw settings.error(HOST_KEY, host + " is not a loopback address: set api_token_file so that only " +
                "holders of the token can ban and unban");
        }
        return new ApiSettings(host, port, token);
    }

    private static String readToken(final ConfigView settings, final String file)
    {
        final String token;
        try
        {
            token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        }
        catch (final IOException | RuntimeException ex)
        {
            throw settings.error(TOKEN_FILE_KEY, "cannot read " + file + ": " + ex.getMessage());
        }
        if (token.isEmpty() || token.contains("\n"))
        {
            throw settings.error(TOKEN_FILE_KEY, file + " must hold the token on one line");
        }
        return token;
    }

    private static boolean isLoopback(final ConfigView settings, final String host)
    {
        try
        {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw settings.error(HOST_KEY, "cannot resolve " + host);
        }
    }
}
