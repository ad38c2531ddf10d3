package dev.pokepipe.infra.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The AWS Lambda Runtime API (the {@code /2018-06-01/runtime/invocation/...} endpoints a function's
 * runtime polls) on loopback, so the packaged function can be run as its own process and invoked
 * exactly as Lambda invokes it: start it with {@code AWS_LAMBDA_RUNTIME_API} set to {@link #address()}.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    /** A function's answer: its JSON response, or its error document and error type. */
    public record Outcome(String body, String errorType, long answeredAtNanos) {

        public boolean failed() {
            return errorType != null;
        }
    }

    private record Invocation(String requestId, String event) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();

    private RuntimeApiEmulator(HttpServer server) {
        this.server = server;
    }

    public static RuntimeApiEmulator start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        RuntimeApiEmulator emulator = new RuntimeApiEmulator(server);
        server.setExecutor(emulator.executor);
        server.createContext(PREFIX, emulator::handle);
        server.start();
        return emulator;
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event and returns the function's outcome when it answers. */
    public CompletableFuture<Outcome> invoke(String eventJson) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        pending.add(new Invocation(requestId, eventJson));
        return outcome;
    }

    /** Completes, on {@link System#nanoTime()}'s clock, when the function first asks for an event: it is ready. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Completes with the error text if the function reports an initialization error. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                firstPoll.complete(System.nanoTime());
                Invocation next = pending.poll(1, TimeUnit.HOURS);
                if (next == null) {
                    send(exchange, 204, "");
                    return;
                }
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", next.requestId());
                exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                        String.valueOf(System.currentTimeMillis() + Duration.ofMinutes(1).toMillis()));
                exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:local:000000000000:function:pokepipe");
                exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-local");
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                send(exchange, 200, next.event());
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(path, new Outcome(body, null, System.nanoTime()));
                send(exchange, 202, "{}");
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                String type = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                complete(path, new Outcome(body, type == null ? "Unknown" : type, System.nanoTime()));
                send(exchange, 202, "{}");
            } else if (path.equals("init/error")) {
                initError.complete(body);
                send(exchange, 202, "{}");
            } else {
                send(exchange, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void complete(String path, Outcome outcome) {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        CompletableFuture<Outcome> future = outcomes.remove(requestId);
        if (future != null) {
            future.complete(outcome);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
