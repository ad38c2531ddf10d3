package dev.pokepipe.local.storage;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pokepipe.local.http.HttpServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pokepipe.local.storage.S3Error.Code.INTERNAL_ERROR;
import static dev.pokepipe.local.storage.S3Error.Code.NOT_IMPLEMENTED;

/**
 * A small S3-compatible HTTP server on loopback, path-style ({@code /bucket/key}): it authenticates
 * every request with SigV4, routes it to {@link S3Operations} and writes S3's error answers. The
 * listener can be closed and reopened on the same port while the operations stay.
 */
final class S3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    /** The local pipeline runs 40 downloads and 8 processes at once; idle connections hold no thread. */
    private static final int THREADS = 32;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    static {
        // The JDK server writes headers and body separately; with Nagle on, the second write waits for the
        // client's delayed ACK, 40 ms per answer on loopback. The setting is read once, by the JVM's first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final S3Operations operations;
    private final SigV4Verifier verifier;
    private final ExecutorService threads;
    private final SecureRandom random = new SecureRandom();
    private HttpServer http;

    S3Server(ObjectFiles files, String accessKey, String secretKey) {
        this.operations = new S3Operations(files);
        this.verifier = new SigV4Verifier(accessKey, secretKey);
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "pokepipe-s3-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        this.threads = pool;
    }

    /** Listens on 127.0.0.1:{@code port}, 0 for any free port. */
    synchronized void listen(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 128);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        HttpServers.startAsDaemon(server);
        http = server;
    }

    /** Closes the listener and every open connection; requests in flight fail. */
    synchronized void stopListening() {
        if (http != null) {
            http.stop(0);
            http = null;
        }
    }

    synchronized int port() {
        if (http == null) {
            throw new IllegalStateException("the embedded S3 server is not listening");
        }
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        stopListening();
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = requestId();
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        S3Operations.Target target = null;
        try {
            target = S3Operations.Target.of(exchange.getRequestURI().getRawPath());
            Map<String, List<String>> headers = lowerCase(exchange.getRequestHeaders());
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawQuery = exchange.getRequestURI().getRawQuery();
            SigV4Verifier.Request request = new SigV4Verifier.Request(method, target.decodedPath(), rawQuery, headers);
            SigV4Verifier.Signed signed = verifier.verify(request, Instant.now());
            operations.perform(exchange, request, signed, target);
        } catch (S3Error e) {
            sendError(exchange, e, target, requestId);
        } catch (IOException e) {
            // Most often the client went away mid-request; if not, it should hear of the failure.
            sendError(exchange, new S3Error(INTERNAL_ERROR, "We encountered an internal error: " + e), target, requestId);
        } catch (RuntimeException e) {
            LOG.warn("embedded S3 server failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            sendError(exchange, new S3Error(INTERNAL_ERROR, "We encountered an internal error: " + e), target, requestId);
        } finally {
            exchange.close();
        }
    }

    private static void sendError(HttpExchange exchange, S3Error error, S3Operations.Target target, String requestId) {
        try {
            if (error.code == NOT_IMPLEMENTED || error.code.status >= 500) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            String element = target == null ? null : target.key().isEmpty() ? "BucketName" : "Key";
            String resource = target == null ? null : target.key().isEmpty() ? target.bucket() : target.key();
            byte[] body = S3Xml.error(error, element, resource, requestId);
            S3Operations.send(exchange, error.code.status, "application/xml", body);
        } catch (IOException | IllegalStateException e) {
            // The answer had begun, or the client is gone: closing the exchange is all that is left.
        }
    }

    private static Map<String, List<String>> lowerCase(Headers headers) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            out.computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(entry.getValue());
        }
        return out;
    }

    private String requestId() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    /** Refuses to read a body past the server's size cap. */
    static final class CappedInputStream extends FilterInputStream {
        private final long cap;
        private long count;

        CappedInputStream(InputStream in, long cap) {
            super(in);
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) {
            count += n;
            if (count > cap) {
                throw new S3Error(S3Error.Code.ENTITY_TOO_LARGE,
                        "Your proposed upload exceeds the maximum allowed size of " + cap + " bytes");
            }
        }
    }
}
