package io.fnm.examples.dashboard;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Properties;

/**
 * The page ({@code /}) and its files ({@code /dashboard/app.js}, {@code app.css}, {@code uplot.js},
 * {@code uplot.css}): a fixed list read once from the jar (ours, and uPlot's WebJar), so no request path ever reaches
 * the class path or the file system; anything else is 404.
 */
final class DashboardAssets extends Handler.Abstract.NonBlocking
{
    private static final String OURS = "/io/fnm/examples/dashboard/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private final Map<String, Asset> assets;

    /**
     * Read every file; fails loudly when one is missing from the jar.
     */
    DashboardAssets()
    {
        final String uplot = "/META-INF/resources/webjars/uplot/" + webjarVersion() + "/dist/";
        assets = Map.of(
            "/", asset(OURS + "index.html", "text/html;charset=utf-8"),
            "/dashboard/app.js", asset(OURS + "app.js", "text/javascript;charset=utf-8"),
            "/dashboard/app.css", asset(OURS + "app.css", "text/css;charset=utf-8"),
            "/dashboard/uplot.js", asset(uplot + "uPlot.iife.min.js", "text/javascript;charset=utf-8"),
            "/dashboard/uplot.css", asset(uplot + "uPlot.min.css", "text/css;charset=utf-8"));
    }

    private static String webjarVersion()
    {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(UPLOT_POM))
        {
            if (in == null)
            {
                throw new IllegalStateException("uPlot's WebJar is not on the class path (" + UPLOT_POM + ")");
            }
            final Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Asset asset(final String resource, final String type)
    {
        try (InputStream in = DashboardAssets.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("dashboard file missing from the jar: " + resource);
            }
            return new Asset(in.readAllBytes(), type);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public boolean handle(final Request request, final Response response, final Callback callback)
    {
        final String method = request.getMethod();
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method))
        {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Json.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "only GET and HEAD");
            return true;
        }
        final Asset asset = assets.get(request.getHttpURI().getCanonicalPath());
        if (asset == null)
        {
            Json.error(response, callback, HttpStatus.NOT_FOUND_404, "no such page");
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.type());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        if (HttpMethod.HEAD.is(method))
        {
            callback.succeeded();
            return true;
        }
        response.write(true, ByteBuffer.wrap(asset.bytes()).asReadOnlyBuffer(), callback);
        return true;
    }

    private record Asset(byte[] bytes, String type)
    {
    }
}
