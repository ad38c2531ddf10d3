package dev.pokepipe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An HTTP origin on loopback whose answer per path a test scripts: status, body, delay, or a
 * connection dropped mid-body. It records every path requested.
 */
public final class TestOrigin implements AutoCloseable {

    /** A scripted answer. {@code truncateAfter} ≥ 0 declares the full length but closes after that many bytes. */
    public record Answer(int status, byte[] body, String contentType, long delayMs, int truncateAfter) {

        public static Answer png(byte[] body) {
            return new Answer(200, body, "image/png", 0, -1);
        }

        public static Answer status(int status) {
            return new Answer(status, ("status " + status).getBytes(), "text/plain", 0, -1);
        }

        public Answer delayed(long ms) {
            return new Answer(status, body, contentType, ms, truncateAfter);
        }
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    public TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/images");
    }

    /** Scripts the answer for {@code /images/{file}}. */
    public TestOrigin answer(String file, Answer answer) {
        answers.put("/images/" + file, answer);
        return this;
    }

    public List<String> requestedPaths() {
        return requested;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requested.add(path);
        Answer a = answers.getOrDefault(path, Answer.status(404));
        try (exchange) {
            if (a.delayMs() > 0) {
                Thread.sleep(a.delayMs());
            }
            exchange.getResponseHeaders().add("Content-Type", a.contentType());
            exchange.sendResponseHeaders(a.status(), a.body().length);
            OutputStream out = exchange.getResponseBody();
            if (a.truncateAfter() >= 0) {
                out.write(a.body(), 0, a.truncateAfter());
                out.flush();
                throw new IOException("dropping the connection mid-body on purpose");
            }
            out.write(a.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
