package dev.pokepipe.pipeline.download;

import dev.pokepipe.pipeline.exceptions.ImageNotFoundException;
import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.OriginRejectedException;
import dev.pokepipe.pipeline.exceptions.OriginUnavailableException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.BoundedRead;
import dev.pokepipe.transform.PngDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * Fetches {@code {baseUrl}/{id:03d}.png} from the configured origin. The URL is built only from the
 * configured base and a validated integer id, and redirects are never followed, so nothing in an
 * event can point a request at another host.
 */
public final class OriginClient {

    /** Origin settings: base URL, timeouts, and the largest body accepted. */
    public record Settings(URI baseUrl, Duration connectTimeout, Duration requestTimeout, long maxBytes) {

        public Settings {
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("origin base URL must be an http(s) URL with a host, got "
                        + baseUrl);
            }
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
            }
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final String base;

    public OriginClient(Settings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        String b = settings.baseUrl().toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The JDK client the way the origin wants it: built once, with a connect timeout and no redirects. */
    public static HttpClient newHttpClient(Settings settings) {
        return builder(settings).build();
    }

    /**
     * As {@link #newHttpClient(Settings)}, its work done on {@code executor}: a caller that outlives the
     * client (a local run in a longer-lived JVM) shuts that down, where the JDK's own pool would keep
     * idle threads for a minute.
     */
    public static HttpClient newHttpClient(Settings settings, Executor executor) {
        return builder(settings).executor(executor).build();
    }

    private static HttpClient.Builder builder(Settings settings) {
        return HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    /** The largest body accepted. */
    public long maxBytes() {
        return settings.maxBytes();
    }

    /** The URL image {@code id} is fetched from. */
    public URI urlOf(int id) {
        return URI.create(base + "/" + RunLayout.fileName(id));
    }

    /**
     * Downloads image {@code id} and checks that it is a PNG no larger than the cap.
     *
     * @throws ImageNotFoundException      on 404 or 410
     * @throws OriginUnavailableException  on 5xx, 429, a timeout or a connection failure
     * @throws OriginRejectedException     on any other non-200 status
     * @throws ImageTooLargeException      when the body exceeds the cap (reading stops there)
     * @throws InvalidImageException       when the body does not start with the PNG signature
     */
    public byte[] fetch(int id) {
        URI url = urlOf(id);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(settings.requestTimeout()).GET()
                .header("Accept", "image/png").build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new OriginUnavailableException("GET " + url + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginUnavailableException("GET " + url + " was interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 404 || status == 410) {
                throw new ImageNotFoundException("GET " + url + " answered " + status + ": no image with id " + id);
            }
            if (status >= 500 || status == 429) {
                throw new OriginUnavailableException("GET " + url + " answered " + status);
            }
            if (status != 200) {
                throw new OriginRejectedException("GET " + url + " answered " + status
                        + (status / 100 == 3 ? " (redirects are not followed)" : ""));
            }
            OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > settings.maxBytes()) {
                throw new ImageTooLargeException("GET " + url + " declares " + declared.getAsLong()
                        + " bytes, over the limit of " + settings.maxBytes());
            }
            byte[] bytes = BoundedRead.readAtMost(body, settings.maxBytes(), () -> "the body of GET " + url);
            if (!PngDecoder.hasPngSignature(bytes)) {
                throw new InvalidImageException("GET " + url + " did not return a PNG (" + bytes.length
                        + " bytes, Content-Type " + response.headers().firstValue("Content-Type").orElse("none") + ")");
            }
            return bytes;
        } catch (IOException e) {
            throw new OriginUnavailableException("reading the body of GET " + url + " failed: " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
