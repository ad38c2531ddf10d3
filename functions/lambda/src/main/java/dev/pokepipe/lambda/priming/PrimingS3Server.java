package dev.pokepipe.lambda.priming;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for S3 inside the function's own process, on the loopback interface, for SnapStart's
 * priming: the function's real S3 client and HTTP client send their requests here instead of to S3,
 * so the whole request path runs — marshalling, signing, checksums, the URL connection — while
 * nothing leaves the process. A GET of a {@code raw/} key answers with the given original, any other
 * GET with S3's {@code NoSuchKey}, a PUT with success after reading the whole body. Every answer
 * closes its connection, and {@link #close()} stops the server, so the snapshot holds no socket.
 */
public final class PrimingS3Server implements AutoCloseable {

    private static final byte[] NO_SUCH_KEY = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final byte[] original;
    private final AtomicInteger answered = new AtomicInteger();

    private PrimingS3Server(HttpServer server, byte[] original) {
        this.server = server;
        this.original = original;
    }

    /** Starts a server on a free loopback port whose every {@code raw/} object is {@code original}. */
    public static PrimingS3Server start(byte[] original) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            PrimingS3Server s3 = new PrimingS3Server(server, original.clone());
            server.createContext("/", s3::answer);
            server.start();
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("priming could not start its loopback stand-in for S3", e);
        }
    }

    /** Where requests go: {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** How many requests it answered. */
    public int answered() {
        return answered.get();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            answered.incrementAndGet();
            exchange.getResponseHeaders().add("Connection", "close");
            exchange.getResponseHeaders().add("x-amz-request-id", "priming");
            String method = exchange.getRequestMethod();
            if (method.equals("PUT")) {
                exchange.getResponseHeaders().add("ETag", "\"priming\"");
                exchange.sendResponseHeaders(200, -1);
            } else if (method.equals("GET") && exchange.getRequestURI().getRawPath().contains("/raw/")) {
                exchange.getResponseHeaders().add("ETag", "\"priming\"");
                exchange.getResponseHeaders().add("Content-Type", "image/png");
                send(exchange, 200, original);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                send(exchange, 404, NO_SUCH_KEY);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
