package dev.pokepipe.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.LocalEngine;
import dev.pokepipe.engine.MapRunResult;
import dev.pokepipe.engine.S3ObjectStore;
import dev.pokepipe.engine.TaskHandler;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * How the local engine's Distributed Map scales with the item count when the image work is
 * stubbed: the pipeline's shape ({@code engine-scale.asl.json}: two Distributed Maps of 40 and 8
 * over a JSON manifest in S3, a Catch in every child, 1 % of the items failing, results written to
 * S3 by ResultWriter) against the real embedded S3 server. Each count runs in a fresh JVM with the
 * same heap cap; it reports the wall time, the time per item, the live heap (sampled after a
 * forced GC once a second) and the peak RSS. Run from the repository root after
 * {@code ./mvnw -Pjmh package -DskipTests}:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.pokepipe.benchmarks.EngineScale [-Xmx..] [COUNT...]}.
 */
public final class EngineScale {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "pokepipe-scale";
    private static final String DEFAULT_HEAP = "-Xmx128m";

    private EngineScale() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--one")) {
            runOne(Integer.parseInt(args[1]));
            return;
        }
        String heap = DEFAULT_HEAP;
        List<Integer> counts = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-Xmx")) {
                heap = a;
            } else {
                counts.add(Integer.parseInt(a));
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(1_000, 10_000, 100_000);
        }
        System.out.printf(Locale.ROOT, "engine scale, %s, each count in a fresh JVM%n", heap);
        System.out.printf(Locale.ROOT, "%8s %9s %12s %14s %10s%n", "items", "wall s", "µs per item",
                "live heap MB", "RSS MB");
        for (int count : counts) {
            fork(heap, count);
        }
    }

    private static void fork(String heap, int count) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), heap, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), EngineScale.class.getName(), "--one", Integer.toString(count))
                .redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the run of " + count + " items failed:\n" + out);
        }
        System.out.print(out);
    }

    private static void runOne(int count) throws Exception {
        Path data = Files.createTempDirectory("pokepipe-scale");
        HeapSampler heap = new HeapSampler();
        try (EmbeddedStorage storage = EmbeddedStorage.start(data, EmbeddedStorage.Address.onFreePort());
             S3Client s3 = S3ClientFactory.create(storage.clientSettings());
             LocalEngine engine = engine(s3)) {
            storage.ensureBucket(BUCKET);
            String ids = IntStream.rangeClosed(1, count).mapToObj(Integer::toString)
                    .collect(Collectors.joining(",", "[", "]"));
            s3.putObject(b -> b.bucket(BUCKET).key("manifest.json"), RequestBody.fromString(ids));
            ObjectNode input = JSON.createObjectNode().put("bucket", BUCKET).put("manifest", "manifest.json");
            heap.start();
            long t0 = System.nanoTime();
            ExecutionResult result = engine.execute("scale-" + count, input);
            double seconds = (System.nanoTime() - t0) / 1e9;
            heap.stop();
            check(result, count);
            System.out.printf(Locale.ROOT, "%8d %9.2f %12.1f %14.1f %10.1f%n", count, seconds,
                    seconds * 1e6 / count, heap.peakBytes() / 1048576.0, peakRssKb() / 1024.0);
        } finally {
            delete(data);
        }
    }

    private static LocalEngine engine(S3Client s3) throws IOException {
        try (InputStream in = EngineScale.class.getResourceAsStream("engine-scale.asl.json")) {
            Definition definition = Definition.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return LocalEngine.builder().definition(definition)
                    .handler("fetch", EngineScale::stub)
                    .handler("work", EngineScale::stub)
                    .objectStore(new S3ObjectStore(s3))
                    .readyThreads(48)
                    .build();
        }
    }

    /** Stands in for a function: echoes the id with a size, and fails one item in a hundred. */
    private static JsonNode stub(JsonNode event) {
        int id = event.path("id").asInt();
        if (id % 100 == 0) {
            throw new TaskHandler.FunctionError("Stub.Failed", "item " + id + " fails on purpose");
        }
        return JSON.createObjectNode().put("id", id).put("bytes", 1000 + id);
    }

    private static void check(ExecutionResult result, int count) {
        if (result.status() != ExecutionResult.Status.SUCCEEDED) {
            throw new IllegalStateException("execution " + result.status() + ": " + result.error() + " " + result.cause());
        }
        for (MapRunResult run : result.mapRuns()) {
            if (run.itemsTotal() != count || run.itemsSucceeded() != count) {
                throw new IllegalStateException(run.stateName() + " accounted for " + run.itemsSucceeded() + " of "
                        + count + " items (read " + run.itemsTotal() + ")");
            }
        }
        if (result.mapRuns().size() != 2) {
            throw new IllegalStateException("expected two Map Runs, got " + result.mapRuns().size());
        }
    }

    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The largest heap in use right after a full collection, sampled once a second while the run lasts. */
    private static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread = new Thread(this::sample, "heap-sampler");
        private volatile boolean running = true;

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        long peakBytes() {
            return peak.get();
        }

        private void sample() {
            while (running) {
                System.gc();
                peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
