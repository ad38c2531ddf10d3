package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every executable ASL vector of {@code src/test/resources/fixtures/asl/} in the local engine with the
 * vector's scripted Task handlers, and checks output or error, calls, call order, peak concurrency
 * and retry delays. Retry waits go through a virtual clock, so they are checked without sleeping.
 * Distributed Map vectors read and write a real S3 API, the embedded server ({@link VectorObjects}).
 */
class AslVectorsTest {

    @RegisterExtension
    static final EmbeddedS3 S3 = new EmbeddedS3();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path VECTORS = dev.pokepipe.engine.TestFixtures.aslDir();

    static Stream<String> vectors() throws IOException {
        if (!Files.isDirectory(VECTORS)) {
            throw new IllegalStateException("ASL vectors not found at " + VECTORS.toAbsolutePath());
        }
        try (Stream<Path> dirs = Files.list(VECTORS)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("definition.json")))
                    .map(d -> d.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void vector(String name) throws IOException {
        Path dir = VECTORS.resolve(name);
        Map<String, ScriptedHandler> tried = new HashMap<>();
        ExecutionResult run = execute(dir, name, new VirtualClock(), tried);
        // An exact peak needs every worker started within the vector's shortest call (100 ms in vector 11),
        // which a loaded 2-core machine sometimes misses; up to two more tries. A limiter that caps too low
        // or too high fails every try.
        for (int attempt = 2; attempt <= 3 && !peaksAsExpected(dir, tried); attempt++) {
            tried = new HashMap<>();
            run = execute(dir, name, new VirtualClock(), tried);
        }
        Map<String, ScriptedHandler> handlers = tried;
        ExecutionResult result = run;

        VectorObjects objects = new VectorObjects(S3.client(), dir, result);
        if (Files.exists(dir.resolve("expected-output.json"))) {
            assertThat(result.status()).as("status (error %s: %s)", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertJsonEquals(result.output(), objects.expected("expected-output.json"));
        } else {
            JsonNode expected = read(dir.resolve("expected-error.json"));
            assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(result.error()).isEqualTo(expected.get("error").asText());
            if (expected.has("cause")) {
                assertThat(result.cause()).isEqualTo(expected.get("cause").asText());
            }
            if (expected.has("causeJson")) {
                assertThat(contains(JSON.readTree(result.cause()), expected.get("causeJson")))
                        .as("cause %s contains %s", result.cause(), expected.get("causeJson")).isTrue();
            }
        }
        if (Files.exists(dir.resolve("expected-calls.json"))) {
            read(dir.resolve("expected-calls.json")).fields().forEachRemaining(e ->
                    assertThat(handlers.get(e.getKey()).invocations()).as("calls of %s", e.getKey())
                            .isEqualTo(e.getValue().asInt()));
        }
        if (Files.exists(dir.resolve("expected-call-order.json"))) {
            read(dir.resolve("expected-call-order.json")).fields().forEachRemaining(e -> {
                List<JsonNode> events = handlers.get(e.getKey()).calls().stream()
                        .sorted(Comparator.comparing(Call::start)).map(Call::event).toList();
                assertJsonEquals(JSON.valueToTree(events), e.getValue());
            });
        }
        if (Files.exists(dir.resolve("expected-concurrency.json"))) {
            read(dir.resolve("expected-concurrency.json")).fields().forEachRemaining(e -> {
                List<Call> calls = new ArrayList<>();
                handlers.values().forEach(h -> calls.addAll(h.calls()));
                int peak = peak(calls);
                JsonNode expected = e.getValue();
                if (expected.has("peak")) {
                    assertThat(peak).as("peak calls in flight in %s", e.getKey()).isEqualTo(expected.get("peak").asInt());
                    assertThat(result.maps().get(e.getKey()).peakConcurrency()).isEqualTo(expected.get("peak").asInt());
                } else {
                    assertThat(peak).isLessThanOrEqualTo(expected.get("peakAtMost").asInt());
                }
            });
        }
        if (Files.exists(dir.resolve("expected-timing.json"))) {
            read(dir.resolve("expected-timing.json")).fields().forEachRemaining(e -> {
                List<Call> calls = handlers.get(e.getKey()).calls().stream()
                        .sorted(Comparator.comparing(Call::start)).toList();
                JsonNode spec = e.getValue();
                boolean atMost = "atMost".equals(spec.path("mode").asText("exact"));
                double tolerance = spec.path("toleranceSeconds").asDouble(0.35);
                assertThat(calls).hasSize(spec.get("gapsSeconds").size() + 1);
                for (int k = 0; k + 1 < calls.size(); k++) {
                    double gap = Duration.between(calls.get(k).end(), calls.get(k + 1).start()).toNanos() / 1e9;
                    double want = spec.get("gapsSeconds").get(k).asDouble();
                    if (atMost) {
                        assertThat(gap).as("gap %d", k).isBetween(0.0, want + tolerance);
                    } else {
                        assertThat(gap).as("gap %d", k).isBetween(want - tolerance, want + tolerance);
                    }
                }
            });
        }
        objects.check();
        assertThat(result.history()).first().extracting(HistoryEvent::type).isEqualTo("ExecutionStarted");
        assertThat(result.history()).last().extracting(HistoryEvent::type)
                .isEqualTo(result.status() == ExecutionResult.Status.SUCCEEDED ? "ExecutionSucceeded" : "ExecutionFailed");
    }

    private static boolean peaksAsExpected(Path dir, Map<String, ScriptedHandler> handlers) throws IOException {
        if (!Files.exists(dir.resolve("expected-concurrency.json"))) {
            return true;
        }
        List<Call> calls = new ArrayList<>();
        handlers.values().forEach(h -> calls.addAll(h.calls()));
        int peak = peak(calls);
        boolean[] ok = {true};
        read(dir.resolve("expected-concurrency.json")).fields().forEachRemaining(e ->
                ok[0] &= !e.getValue().has("peak") || e.getValue().get("peak").asInt() == peak);
        return ok[0];
    }

    private static ExecutionResult execute(Path dir, String name, VirtualClock clock,
                                           Map<String, ScriptedHandler> handlers) throws IOException {
        JsonNode script = read(dir.resolve("handlers.json"));
        VectorObjects.upload(S3.client(), dir);
        LocalEngine.Builder builder = LocalEngine.builder()
                .objectStore(new S3ObjectStore(S3.client()))
                .definition(Definition.parse(Files.readString(dir.resolve("definition.json"))))
                .clock(clock)
                .jitter(new Random(7))
                .stateMachine("asl-vectors", "us-east-1", "123456789012");
        script.fields().forEachRemaining(e -> {
            ScriptedHandler h = new ScriptedHandler(e.getValue(), clock);
            handlers.put(e.getKey(), h);
            builder.handler(e.getKey(), h);
        });
        try (LocalEngine engine = builder.build()) {
            return engine.execute(name, read(dir.resolve("input.json")));
        }
    }

    private static int peak(List<Call> calls) {
        List<long[]> edges = new ArrayList<>();
        for (Call c : calls) {
            edges.add(new long[]{c.startNanos(), 1});
            edges.add(new long[]{c.endNanos(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int now = 0;
        int peak = 0;
        for (long[] e : edges) {
            now += (int) e[1];
            peak = Math.max(peak, now);
        }
        return peak;
    }

    static void assertJsonEquals(JsonNode actual, JsonNode expected) {
        Comparator<JsonNode> numbersByValue = (a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        };
        assertThat(actual.equals(numbersByValue, expected)).as("%s%nequals%n%s", actual, expected).isTrue();
    }

    /** Field-by-field containment, as the vectors' {@code when} and {@code causeJson} are matched. */
    static boolean contains(JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!actual.has(e.getKey()) || !contains(actual.get(e.getKey()), e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (actual.isNumber() && expected.isNumber()) {
            return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return actual.equals(expected);
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    record Call(JsonNode event, Instant start, Instant end, long startNanos, long endNanos) {
    }

    /** Wall time plus whatever the engine "slept": retry waits cost nothing but are still measured. */
    static final class VirtualClock implements EngineClock {
        private final Instant base = Instant.parse("2026-01-01T00:00:00Z");
        private final long origin = System.nanoTime();
        private final AtomicLong skipped = new AtomicLong();

        @Override
        public Instant now() {
            return base.plusNanos(System.nanoTime() - origin + skipped.get());
        }

        @Override
        public void sleep(Duration duration) {
            skipped.addAndGet(duration.toNanos());
        }
    }

    /** A Task resource answering from a vector's handlers.json script. */
    static final class ScriptedHandler implements TaskHandler {
        private final List<JsonNode> steps = new ArrayList<>();
        private final int[] used;
        private final List<Call> calls = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicInteger invocations = new java.util.concurrent.atomic.AtomicInteger();
        private final VirtualClock clock;

        ScriptedHandler(JsonNode script, VirtualClock clock) {
            script.forEach(steps::add);
            used = new int[steps.size()];
            this.clock = clock;
        }

        synchronized List<Call> calls() {
            return new ArrayList<>(calls);
        }

        /**
         * Calls made, counted when they start: a call the engine timed out may still be winding down
         * (its record comes when it ends) when the execution has already returned.
         */
        int invocations() {
            return invocations.get();
        }

        @Override
        public JsonNode handle(JsonNode event) throws Exception {
            invocations.incrementAndGet();
            Instant start = clock.now();
            long startNanos = System.nanoTime();
            JsonNode step = choose(event);
            try {
                JsonNode delay = step.get("delayMs");
                if (delay != null) {
                    long ms = delay.isNumber() ? delay.asLong() : JsonPaths.compile(delay.asText()).read(event, event).asLong();
                    Thread.sleep(ms);
                }
                return answer(step, event);
            } finally {
                synchronized (this) {
                    calls.add(new Call(event, start, clock.now(), startNanos, System.nanoTime()));
                }
            }
        }

        private synchronized JsonNode choose(JsonNode event) {
            JsonNode lastMatching = null;
            for (int i = 0; i < steps.size(); i++) {
                JsonNode s = steps.get(i);
                if (s.has("when") && !contains(event, s.get("when"))) {
                    continue;
                }
                lastMatching = s;
                int times = s.path("repeat").asBoolean(false) ? Integer.MAX_VALUE : s.path("times").asInt(1);
                if (used[i] < times) {
                    used[i]++;
                    return s;
                }
            }
            if (lastMatching == null) {
                throw new IllegalStateException("broken vector: no step matches " + event);
            }
            return lastMatching;
        }

        private static JsonNode answer(JsonNode step, JsonNode event) {
            if (step.has("return")) {
                return step.get("return");
            }
            if (step.path("returnInput").asBoolean(false)) {
                return event;
            }
            if (step.has("returnTemplate")) {
                ObjectNode out = JsonNodeFactory.instance.objectNode();
                step.get("returnTemplate").fields().forEachRemaining(e -> {
                    if (e.getKey().endsWith(".$")) {
                        out.set(e.getKey().substring(0, e.getKey().length() - 2),
                                JsonPaths.compile(e.getValue().asText()).read(event, event));
                    } else {
                        out.set(e.getKey(), e.getValue());
                    }
                });
                return out;
            }
            if (step.has("returnString")) {
                JsonNode s = step.get("returnString");
                return JsonNodeFactory.instance.textNode(s.get("char").asText().repeat(s.get("length").asInt()));
            }
            JsonNode t = step.get("throw");
            String error = t.get("error").asText();
            if (t.has("cause")) {
                throw new StatesError(error, t.get("cause").asText());
            }
            if (t.has("message") && !error.startsWith("Lambda.") && !error.startsWith("States.")) {
                throw new TaskHandler.FunctionError(error, t.get("message").asText());
            }
            throw new StatesError(error, "");
        }
    }
}
