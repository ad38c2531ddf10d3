package dev.pokepipe.local.origin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pokepipe.local.http.HttpServers;
import dev.pokepipe.engine.ReadyThreadPool;
import dev.pokepipe.pipeline.run.RunLayout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The built-in origin for offline runs, tests and benchmarks: an HTTP server on loopback serving
 * {@link SampleArtwork} at {@code /{id:03d}.png}, each answer after a latency (default the study's
 * 400 ± 100 ms), with faults injected on request: ids that answer 404, a share of 500s, a share of
 * answers slower than any sane timeout, and a share of ids whose body is broken in one of the
 * {@link Corruption} ways.
 */
public final class SampleOrigin implements AutoCloseable {

    private static final Pattern PATH = Pattern.compile("/(\\d{3,6})\\.png");
    /** Threads ready for requests from the start: the widest Map's 40 downloads and their retries. */
    private static final int READY_THREADS = 64;

    /** How a corrupted id's body is broken; each id keeps its one way, chosen from the seed. */
    public enum Corruption {
        /** The first half of the PNG: the signature is there, the data ends early. */
        TRUNCATED,
        /** The whole PNG with one byte of image data flipped: a chunk CRC no longer matches. */
        BAD_CRC,
        /** An HTML page with status 200, as a misconfigured CDN might send. */
        HTML,
        /** A well-formed PNG whose header declares 100000 × 100000 pixels. */
        HUGE_HEADER,
        /** Every chunk and CRC in order, but the compressed image data is garbage: only decoding finds out. */
        BAD_DATA
    }

    /**
     * What the origin does.
     *
     * @param errorRate   share of requests answered 500 (drawn per request, so a retry may succeed)
     * @param slowRate    share of requests answered only after {@code slowMs} (drawn per request)
     * @param corruptRate share of ids whose body is broken (chosen per id, so every attempt gets it)
     */
    public record Settings(long latencyMs, long jitterMs, Set<Integer> notFoundIds, double errorRate,
                           double slowRate, long slowMs, double corruptRate, long seed) {

        public Settings {
            if (latencyMs < 0 || jitterMs < 0 || jitterMs > latencyMs) {
                throw new IllegalArgumentException("latency must be >= 0 and jitter between 0 and the latency, got "
                        + latencyMs + " ± " + jitterMs + " ms");
            }
            for (double rate : new double[]{errorRate, slowRate, corruptRate}) {
                if (rate < 0 || rate > 1) {
                    throw new IllegalArgumentException("rates must be between 0 and 1, got " + rate);
                }
            }
            notFoundIds = Set.copyOf(notFoundIds);
        }

        /** The study's measured latency and no faults. */
        public static Settings defaults() {
            return new Settings(400, 100, Set.of(), 0, 0, 30_000, 0, 1);
        }

        /** Whether, and how, id's body is broken: a fixed choice per id and seed. */
        public Optional<Corruption> corruption(int id) {
            SplittableRandom r = new SplittableRandom(seed ^ (id * 0x9E3779B97F4A7C15L));
            if (corruptRate == 0 || r.nextDouble() >= corruptRate) {
                return Optional.empty();
            }
            return Optional.of(Corruption.values()[r.nextInt(Corruption.values().length)]);
        }

        public Settings withLatency(long latencyMs, long jitterMs) {
            return new Settings(latencyMs, jitterMs, notFoundIds, errorRate, slowRate, slowMs, corruptRate, seed);
        }
    }

    private final Settings settings;
    private final HttpServer server;
    /** One thread per request in flight, each waiting out its latency; a real origin has them ready. */
    private final ExecutorService executor = ReadyThreadPool.of("sample-origin", READY_THREADS);
    private final Random random;
    private final RenderedImages images = RenderedImages.inTempDir();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peakInFlight = new AtomicInteger();

    private SampleOrigin(Settings settings, HttpServer server) {
        this.settings = settings;
        this.server = server;
        this.random = new Random(settings.seed());
    }

    static {
        // The JDK server writes headers and body separately; with Nagle on, the second write waits for the
        // client's delayed ACK, 40 ms per answer on loopback. A real origin does not add that.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Starts the origin on loopback, {@code port} 0 for any free port. */
    public static SampleOrigin start(Settings settings, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        SampleOrigin origin = new SampleOrigin(settings, server);
        server.setExecutor(origin.executor);
        server.createContext("/", origin::handle);
        HttpServers.startAsDaemon(server);
        return origin;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Renders the images of {@code ids} now, on all cores, so that serving them later costs only the
     * configured latency, as a static file on a real origin would.
     */
    public void prepare(java.util.Collection<Integer> ids) {
        images.render(ids);
    }

    /** Whether, and how, id's body is broken: a fixed choice per id and seed. */
    public Optional<Corruption> corruption(int id) {
        return settings.corruption(id);
    }

    public int requests() {
        return requests.get();
    }

    /** The most requests ever served at the same time. */
    public int peakInFlight() {
        return peakInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            boolean error;
            boolean slow;
            long jitter;
            synchronized (random) {
                error = random.nextDouble() < settings.errorRate();
                slow = random.nextDouble() < settings.slowRate();
                jitter = settings.jitterMs() == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * settings.jitterMs());
            }
            sleep(slow ? settings.slowMs() : settings.latencyMs() + jitter);
            if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
                send(exchange, 404, "text/plain", "no such image\n".getBytes());
                return;
            }
            int id = Integer.parseInt(m.group(1));
            if (id < 1 || id > RunLayout.MAX_ID || settings.notFoundIds().contains(id)) {
                send(exchange, 404, "text/plain", ("no image " + id + "\n").getBytes());
            } else if (error) {
                send(exchange, 500, "text/plain", "injected server error\n".getBytes());
            } else {
                byte[] png = images.png(id);
                Optional<Corruption> corruption = corruption(id);
                if (corruption.isEmpty()) {
                    send(exchange, 200, "image/png", png);
                } else if (corruption.get() == Corruption.HTML) {
                    send(exchange, 200, "text/html", "<html><body>Moved for maintenance</body></html>\n".getBytes());
                } else {
                    send(exchange, 200, "image/png", broken(png, corruption.get()));
                }
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static byte[] broken(byte[] png, Corruption how) {
        switch (how) {
            case TRUNCATED -> {
                return Arrays.copyOf(png, png.length / 2);
            }
            case BAD_CRC -> {
                byte[] copy = png.clone();
                copy[copy.length / 2] ^= 0x5A;
                return copy;
            }
            case BAD_DATA -> {
                // Overwrite the first IDAT's data with an invalid deflate block type and fix up its CRC.
                byte[] copy = png.clone();
                int pos = 8;
                while (pos + 8 <= copy.length) {
                    int length = ByteBuffer.wrap(copy, pos, 4).getInt();
                    if (new String(copy, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("IDAT")) {
                        Arrays.fill(copy, pos + 10, pos + 8 + length, (byte) 0xFF);
                        CRC32 crc = new CRC32();
                        crc.update(copy, pos + 4, 4 + length);
                        ByteBuffer.wrap(copy, pos + 8 + length, 4).putInt((int) crc.getValue());
                        break;
                    }
                    pos += 12 + length;
                }
                return copy;
            }
            default -> {
                // Signature, then an IHDR for 100000 x 100000 RGBA with a correct CRC, then the original chunks.
                byte[] copy = png.clone();
                ByteBuffer.wrap(copy, 16, 8).putInt(100_000).putInt(100_000);
                CRC32 crc = new CRC32();
                crc.update(copy, 12, 17);
                ByteBuffer.wrap(copy, 29, 4).putInt((int) crc.getValue());
                return copy;
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        images.close();
    }
}
