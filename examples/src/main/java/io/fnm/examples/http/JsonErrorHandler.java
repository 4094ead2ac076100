package io.fnm.examples.http;

import io.fnm.actions.api.ApiResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;

/**
 * Jetty's error pages (413 of a body over the limit, 431 of headers over the limit, 400 of a malformed request...)
 * as the API's JSON error ({@code {"status", "error"}}) for paths under {@code /api/}; Jetty's own page elsewhere. No
 * stack trace either way.
 */
final class JsonErrorHandler extends ErrorHandler
{
    JsonErrorHandler()
    {
        setShowStacks(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(final Request request, final Response response, final int code,
        final String message, final Throwable cause, final Callback callback) throws IOException
    {
        final String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        if (path == null || !path.startsWith("/api/"))
        {
            super.generateResponse(request, response, code, message, cause, callback);
            return;
        }
        final ApiResponse error = ApiResponse.error(code, message == null || message.isBlank() ?
            "HTTP " + code : message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.CONTENT_TYPE);
        Content.Sink.write(response, true, error.json(), callback);
    }
}
