package dev.pokepipe.cli.lambda;

import dev.pokepipe.cli.template.SamTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
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
 * The AWS Lambda Runtime API on loopback: the {@code /2018-06-01/runtime/...} endpoints a runtime
 * interface client talks to, so a function runs as its own process and is invoked as Lambda invokes
 * it. Start the function with {@code AWS_LAMBDA_RUNTIME_API} set to {@link #address()}.
 *
 * <p>{@code invocation/next} hands out queued events with the {@code Lambda-Runtime-*} headers
 * (request id, deadline, function ARN, X-Ray trace id); {@code invocation/{id}/response} and
 * {@code /error} complete the invocation's {@link Outcome}; {@code init/error} and
 * {@code restore/error} complete {@link #initError()}; {@code restore/next}, which a SnapStart init
 * calls once its {@code beforeCheckpoint} hooks ran, answers 200 at once (no snapshot is taken) and
 * records when it was called.
 */
public final class RuntimeApiEmulator implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // The JDK server writes headers and body separately; with Nagle on, the body waits for the client's
        // delayed ACK, 40 ms per event on loopback, which every invocation's time would include.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /**
     * A function's answer to one event.
     *
     * @param body              the response, or the error document
     * @param errorType         the error document's {@code errorType} (the exception's class name; what
     *                          Step Functions calls the error), null for a response
     * @param functionErrorType the {@code Lambda-Runtime-Function-Error-Type} header, null for a response
     * @param errorCauseBytes   the size of the {@code Lambda-Runtime-Function-XRay-Error-Cause} header, 0 if none
     * @param handedOutAtNanos  when {@code invocation/next} handed the event out, on {@link System#nanoTime()}
     * @param answeredAtNanos   when the answer arrived, on {@link System#nanoTime()}
     */
    public record Outcome(String body, String errorType, String functionErrorType, int errorCauseBytes,
                          long handedOutAtNanos, long answeredAtNanos) {

        public boolean failed() {
            return functionErrorType != null || errorType != null;
        }

        /** From handing the event out to the answer, in ms. */
        public double millis() {
            return (answeredAtNanos - handedOutAtNanos) / 1e6;
        }

        /** The body's size in UTF-8 bytes. */
        public int bodyBytes() {
            return body.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** What a runtime reported to {@code init/error} or {@code restore/error}. */
    public record InitError(String endpoint, String body, String functionErrorType) {
    }

    private record Invocation(String requestId, String event, CompletableFuture<Outcome> outcome) {
    }

    private record Pending(CompletableFuture<Outcome> outcome, long handedOutAtNanos) {
    }

    private final HttpServer server;
    private final String functionArn;
    private final Duration timeout;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> queued = new LinkedBlockingQueue<>();
    private final Map<String, Pending> handedOut = new ConcurrentHashMap<>();
    private final CompletableFuture<InitError> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreNext = new CompletableFuture<>();
    private volatile Throwable abandoned;

    private RuntimeApiEmulator(HttpServer server, String functionArn, Duration timeout) {
        this.server = server;
        this.functionArn = functionArn;
        this.timeout = timeout;
    }

    /** An emulator for any function, with a one-minute deadline per invocation. */
    public static RuntimeApiEmulator start() throws IOException {
        return start("arn:aws:lambda:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT_ID + ":function:pokepipe",
                Duration.ofMinutes(1));
    }

    /** An emulator for the function {@code functionArn}, whose invocations have {@code timeout} each. */
    public static RuntimeApiEmulator start(String functionArn, Duration timeout) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        RuntimeApiEmulator emulator = new RuntimeApiEmulator(server, functionArn, timeout);
        server.setExecutor(emulator.executor);
        server.createContext(PREFIX, emulator::handle);
        server.start();
        return emulator;
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; completes with the function's outcome when it answers. */
    public CompletableFuture<Outcome> invoke(String eventJson) {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        Throwable gone = abandoned;
        if (gone != null) {
            outcome.completeExceptionally(gone);
            return outcome;
        }
        queued.add(new Invocation(UUID.randomUUID().toString(), eventJson, outcome));
        return outcome;
    }

    /** Completes, on {@link System#nanoTime()}'s clock, when the function first asks for an event: it is ready. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** Completes, on {@link System#nanoTime()}'s clock, when a SnapStart init calls {@code restore/next}. */
    public CompletableFuture<Long> restoreNext() {
        return restoreNext;
    }

    /** Completes if the function reports an initialization or restore error. */
    public CompletableFuture<InitError> initError() {
        return initError;
    }

    /** Fails everything still waiting for the function with {@code cause}: the function is gone. */
    public void abandon(Throwable cause) {
        abandoned = cause;
        firstPoll.completeExceptionally(cause);
        restoreNext.completeExceptionally(cause);
        initError.completeExceptionally(cause);
        for (Invocation i; (i = queued.poll()) != null; ) {
            i.outcome().completeExceptionally(cause);
        }
        handedOut.values().forEach(p -> p.outcome().completeExceptionally(cause));
        handedOut.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (path.equals("invocation/next") && method.equals("GET")) {
                next(exchange);
            } else if (path.equals("restore/next") && method.equals("GET")) {
                restoreNext.complete(System.nanoTime());
                send(exchange, 200, null);
            } else if (path.startsWith("invocation/") && path.endsWith("/response") && method.equals("POST")) {
                answer(exchange, path, new String(body, StandardCharsets.UTF_8), false);
            } else if (path.startsWith("invocation/") && path.endsWith("/error") && method.equals("POST")) {
                answer(exchange, path, new String(body, StandardCharsets.UTF_8), true);
            } else if ((path.equals("init/error") || path.equals("restore/error")) && method.equals("POST")) {
                initError.complete(new InitError(path, new String(body, StandardCharsets.UTF_8),
                        exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")));
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"no such endpoint: " + method + " " + path
                        + "\",\"errorType\":\"InvalidRequest\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits, as long as it takes, for an event, as Lambda's Runtime API does. */
    private void next(HttpExchange exchange) throws IOException, InterruptedException {
        firstPoll.complete(System.nanoTime());
        Invocation next = null;
        while (next == null) {
            if (abandoned != null || executor.isShutdown()) {
                return;
            }
            next = queued.poll(100, TimeUnit.MILLISECONDS);
        }
        var headers = exchange.getResponseHeaders();
        headers.add("Lambda-Runtime-Aws-Request-Id", next.requestId());
        headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + timeout.toMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.add("Lambda-Runtime-Trace-Id", traceId());
        headers.add("Content-Type", "application/json");
        handedOut.put(next.requestId(), new Pending(next.outcome(), System.nanoTime()));
        send(exchange, 200, next.event());
    }

    private void answer(HttpExchange exchange, String path, String body, boolean error) throws IOException {
        long at = System.nanoTime();
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        Pending pending = handedOut.remove(requestId);
        if (pending == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id " + requestId
                    + "\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        send(exchange, 202, "{\"status\":\"OK\"}");
        if (!error) {
            pending.outcome().complete(new Outcome(body, null, null, 0, pending.handedOutAtNanos(), at));
            return;
        }
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String cause = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-XRay-Error-Cause");
        pending.outcome().complete(new Outcome(body, documentErrorType(body), header == null ? "Unhandled" : header,
                cause == null ? 0 : cause.getBytes(StandardCharsets.UTF_8).length, pending.handedOutAtNanos(), at));
    }

    private static String documentErrorType(String body) {
        try {
            JsonNode doc = JSON.readTree(body);
            return doc.path("errorType").isTextual() ? doc.get("errorType").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String traceId() {
        byte[] id = new byte[12];
        byte[] parent = new byte[8];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(parent);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(id)
                + ";Parent=" + HexFormat.of().formatHex(parent) + ";Sampled=0";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        abandon(new IllegalStateException("the Runtime API emulator was closed"));
        server.stop(0);
        executor.shutdownNow();
    }
}
