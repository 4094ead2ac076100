package io.fnm.examples.dashboard;

import io.fnm.capture.IpAddresses;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

/**
 * {@code POST /dashboard/unban?ip=ADDRESS} with {@code Authorization: Bearer TOKEN}: the dashboard's unban button.
 * Answers 200 when unbanned, 404 when the host was not banned, 400 for an address that is not an IP literal (never
 * resolved as a name), 401 for a missing or wrong token (compared in constant time), 403 when no token is configured,
 * 405 for anything but POST; always with a JSON body.
 */
final class UnbanEndpoint extends Handler.Abstract.NonBlocking
{
    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final Function<InetAddress, Outcome> unban;

    /**
     * @param token the token expected, or null to refuse every unban.
     * @param unban unbans an address.
     */
    UnbanEndpoint(final String token, final Function<InetAddress, Outcome> unban)
    {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.unban = unban;
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        if (!HttpMethod.POST.is(request.getMethod()))
        {
            response.getHeaders().put(HttpHeader.ALLOW, "POST");
            Json.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only POST");
            return true;
        }
        if (token == null)
        {
            Json.error(response, callback, HttpStatus.FORBIDDEN_403,
                "no api_token_file configured: unban from the dashboard is off");
            return true;
        }
        final String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || !authorization.startsWith(BEARER) || !MessageDigest.isEqual(token,
            authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8)))
        {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            Json.error(response, callback, HttpStatus.UNAUTHORIZED_401, "missing or wrong bearer token");
            return true;
        }
        final Fields query = Request.extractQueryParameters(request);
        final String ip = query.getValue("ip");
        final InetAddress address;
        try
        {
            address = IpAddresses.parseLiteral(ip == null ? "" : ip.strip());
        }
        catch (final IllegalArgumentException ex)
        {
            Json.error(response, callback, HttpStatus.BAD_REQUEST_400, "ip must be an IPv4 or IPv6 address");
            return true;
        }
        switch (unban.apply(address))
        {
            case UNBANNED -> Json.send(response, callback, HttpStatus.OK_200,
                Json.object().put("ip", address.getHostAddress()).put("unbanned", true));
            case NOT_BANNED -> Json.error(response, callback, HttpStatus.NOT_FOUND_404,
                address.getHostAddress() + " is not banned");
            default -> Json.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "engine not running yet");
        }
        return true;
    }

    /** What an unban did. */
    enum Outcome
    {
        /** The host was banned and no longer is. */
        UNBANNED,
        /** The host was not banned. */
        NOT_BANNED,
        /** No engine attached yet. */
        NOT_READY
    }
}
