package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol on loopback, as a test opens a page
 * in it: load the page, wait until a condition written in JavaScript holds (images loaded, say),
 * then take the DOM. Found at {@code $POKEPIPE_CHROMIUM}, {@code /usr/bin/chromium} or on the PATH.
 */
final class HeadlessChromium {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, or empty when none is installed. */
    static Optional<HeadlessChromium> find() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("POKEPIPE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "chromium"));
                candidates.add(Path.of(dir, "chromium-browser"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(HeadlessChromium::new);
    }

    /**
     * Opens {@code page} in a tall window and returns its DOM once {@code readyWhen} (a JavaScript
     * expression) is true.
     *
     * @throws IllegalStateException if the browser does not start or the condition stays false for 60 s
     */
    String domWhen(Path page, String readyWhen, Path profileDir) throws IOException, InterruptedException {
        try (Session session = open(page, profileDir)) {
            session.await(readyWhen);
            return session.evaluate("document.documentElement.outerHTML").asText();
        }
    }

    /**
     * Opens {@code page} in a tall window, for a test that acts on it (clicks, say) and reads it back.
     *
     * @throws IllegalStateException if the browser does not start
     */
    Session open(Path page, Path profileDir) throws IOException {
        Process browser = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profileDir.resolve("profile"), "--window-size=1400,12000", page.toUri().toString())
                .redirectErrorStream(true)
                .start();
        try {
            int port = devToolsPort(browser);
            HttpClient http = HttpClient.newHttpClient();
            return new Session(browser, Page.open(http, pageTarget(http, port)));
        } catch (IOException | RuntimeException e) {
            stop(browser);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(browser);
            throw new IOException("interrupted while opening " + page, e);
        }
    }

    /** A page open in the browser: JavaScript evaluated in it, and the browser stopped at the end. */
    static final class Session implements AutoCloseable {
        private final Process browser;
        private final Page tab;

        private Session(Process browser, Page tab) {
            this.browser = browser;
            this.tab = tab;
        }

        /** The value of {@code expression} in the page. */
        JsonNode evaluate(String expression) {
            return tab.evaluate(expression);
        }

        /**
         * Waits until {@code condition} (a JavaScript expression) is true.
         *
         * @throws IllegalStateException if it stays false for 60 s
         */
        void await(String condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!tab.evaluate(condition).asBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the page never satisfied: " + condition);
                }
                Thread.sleep(100);
            }
        }

        @Override
        public void close() {
            try {
                tab.close();
            } finally {
                stop(browser);
            }
        }
    }

    private static void stop(Process browser) {
        browser.destroy();
        try {
            if (!browser.waitFor(10, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        } catch (InterruptedException e) {
            browser.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int devToolsPort(Process browser) throws IOException {
        BufferedReader output = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> output.lines().forEach(l -> { }), "chromium-output");
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("chromium exited before opening DevTools");
    }

    private static URI pageTarget(HttpClient http, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : MAPPER.readTree(body)) {
                if ("page".equals(target.path("type").asText()) && target.path("url").asText().startsWith("file:")) {
                    return URI.create(target.get("webSocketDebuggerUrl").asText());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromium opened no page target");
    }

    /** One DevTools session with a page: Runtime.evaluate calls, answered by id. */
    private static final class Page implements WebSocket.Listener, AutoCloseable {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Page open(HttpClient http, URI target) {
            Page page = new Page();
            page.socket = http.newWebSocketBuilder().buildAsync(target, page).join();
            return page;
        }

        JsonNode evaluate(String expression) {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode call = MAPPER.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
            call.putObject("params").put("expression", expression).put("returnByValue", true);
            socket.sendText(call.toString(), true).join();
            JsonNode result = answer.orTimeout(30, TimeUnit.SECONDS).join();
            if (result.has("exceptionDetails")) {
                throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
            }
            return result.path("result").path("value");
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = MAPPER.readTree(partial.toString());
                    CompletableFuture<JsonNode> answer = pending.remove(message.path("id").asInt(-1));
                    if (answer != null) {
                        answer.complete(message.path("result"));
                    }
                } catch (IOException e) {
                    pending.values().forEach(f -> f.completeExceptionally(e));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    /** A condition for {@link #domWhen}: every gallery image either shown or reported missing. */
    static final String GALLERY_SETTLED = "(function () { var g = document.getElementById('gallery');"
            + " return !!g && g.hasAttribute('data-loaded') && (+g.getAttribute('data-loaded') + +g.getAttribute('data-broken'))"
            + " >= document.querySelectorAll('#gallery img').length; })()";
}
