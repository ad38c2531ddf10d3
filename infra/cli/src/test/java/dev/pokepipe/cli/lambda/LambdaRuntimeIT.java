package dev.pokepipe.cli.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.ObjectNotFoundException;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.RgbImage;
import dev.pokepipe.transform.RowBands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real function.zip run the way AWS Lambda runs it: unzipped as the task root, each function on
 * JDK 25 under the official runtime interface client with the JVM command line and environment of
 * Lambda's java25 runtime and the settings template.yaml gives it ({@link LambdaJavaRuntime}), invoked
 * through a Runtime API on loopback, its objects in the embedded S3 server and its originals from the
 * sample origin. The process function goes through the SnapStart init path (CRaC
 * {@code beforeCheckpoint}, {@code restore/next}, {@code afterRestore}); download and summarize go
 * through the on-demand one, as {@code $LATEST} or a function without SnapStart does.
 *
 * <p>Timings are figures, printed and written to {@code infra/cli/target/lambda-runtime-figures.json},
 * never asserted: benchmarks measure performance, tests do not. Every function's output goes to
 * {@code infra/cli/target/lambda-runtime-logs/}, and a failure's message ends with its last lines.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class LambdaRuntimeIT {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", "../..")).toAbsolutePath().normalize();
    private static final Path FIXTURES = dev.pokepipe.testing.Fixtures.transformDir();
    private static final Path TARGET = ROOT.resolve("infra/cli/target");
    private static final Path LOGS = TARGET.resolve("lambda-runtime-logs");
    private static final String BUCKET = "pokepipe";
    private static final String RUN = "ric";
    private static final int IMAGES = 10;
    /** Times {@code pokepipe transform} goes over the ten files: the last pass runs compiled code. */
    private static final int CLI_PASSES = 5;
    private static final Duration INIT = Duration.ofMinutes(3);
    private static final Duration CALL = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PngDecoder DECODER = new PngDecoder(40_000_000);

    @TempDir
    static Path work;

    private static LambdaJavaRuntime runtime;
    private static SamTemplate template;
    private static Path taskRoot;
    private static EmbeddedStorage storage;
    private static S3Client s3;
    private static SampleOrigin origin;
    private static final ObjectNode FIGURES = JSON.createObjectNode();

    /** What the download and process scenarios returned, for the summarize scenario's event. */
    private static final List<JsonNode> DOWNLOADS = new ArrayList<>();
    private static final List<JsonNode> PROCESSES = new ArrayList<>();

    @BeforeAll
    static void lambdaAndItsSurroundings() throws IOException {
        Optional<Path> jdk = LambdaJavaRuntime.findJdk();
        if (jdk.isEmpty()) {
            String reason = "no JDK 25 to run the functions on as Lambda's java25 runtime does: "
                    + LambdaJavaRuntime.jdkLocations();
            System.out.println("LambdaRuntimeIT skipped: " + reason);
            assumeTrue(false, reason);
        }
        Path zip = ROOT.resolve("functions/lambda/target/function.zip");
        assertThat(zip).as("the functions are packaged before the integration tests").isRegularFile();
        runtime = LambdaJavaRuntime.of(jdk.get(), LambdaJavaRuntime.runtimeDir(ROOT));
        template = SamTemplate.inRepository(ROOT);
        taskRoot = LambdaJavaRuntime.unzipTaskRoot(zip, work.resolve("task"));
        storage = EmbeddedStorage.start(work.resolve("s3"), 0);
        storage.ensureBucket(BUCKET);
        s3 = S3ClientFactory.create(storage.clientSettings());
        origin = SampleOrigin.start(SampleOrigin.Settings.defaults().withLatency(0, 0), 0);
        Files.createDirectories(LOGS);

        ObjectNode rt = FIGURES.putObject("runtime");
        rt.put("jdk", runtime.javaHome().toString());
        rt.put("javaVersion", runtime.javaVersion());
        ArrayNode classPath = rt.putArray("classPath");
        runtime.classPath().forEach(j -> classPath.add(j.getFileName().toString()));
    }

    @AfterAll
    static void figuresAndCleanUp() throws IOException {
        try {
            if (runtime != null) {
                String text = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(FIGURES);
                Files.createDirectories(TARGET);
                Files.writeString(TARGET.resolve("lambda-runtime-figures.json"), text + "\n");
                System.out.println("LambdaRuntimeIT figures (not asserted; also in "
                        + TARGET.resolve("lambda-runtime-figures.json") + "):\n" + text);
                System.out.printf(Locale.ROOT, "LambdaRuntimeIT: process priming %s ms, first call after restore %s ms, "
                                + "warm %s ms; pokepipe transform median first pass %s ms, last pass %s ms (JDK 25)%n",
                        FIGURES.at("/process/primingMs").asText("-"), FIGURES.at("/process/firstInvocationMs").asText("-"),
                        FIGURES.at("/process/warmMs").asText("-"),
                        FIGURES.at("/pokepipeTransform/jdk25/medianMs").asText("-"),
                        FIGURES.at("/pokepipeTransform/jdk25/warmMedianMs").asText("-"));
            }
        } finally {
            if (s3 != null) {
                s3.close();
            }
            if (origin != null) {
                origin.close();
            }
            if (storage != null) {
                storage.close();
            }
        }
    }

    @Test
    void everyFunctionOfTheTemplateRunsOnJava25WithLoopbackOnly() {
        for (String handler : List.of("prepare", "download", "process", "summarize")) {
            SamFunction function = template.function(handler, Map.of("OriginBaseUrl", origin.baseUrl().toString()));
            assertThat(function.runtime()).as("%s's Runtime", function.logicalId()).isEqualTo(LambdaJavaRuntime.RUNTIME);
            ExecutionEnvironment.requireLoopbackOnly(function.environment());
        }
    }

    /** A scenario's function: started before its tests, its log's tail on every failure. */
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @ExtendWith(FunctionLogOnFailure.class)
    abstract static class Scenario {

        ExecutionEnvironment function;

        ExecutionEnvironment start(String handler, InitType init) throws IOException {
            SamFunction definition = template.function(handler, Map.of("OriginBaseUrl", origin.baseUrl().toString()));
            assertThat(definition.runtime()).as("%s's Runtime in template.yaml", definition.logicalId())
                    .isEqualTo(LambdaJavaRuntime.RUNTIME);
            function = ExecutionEnvironment.builder(runtime, definition, taskRoot)
                    .initType(init)
                    .storage(storage)
                    .log(LOGS.resolve(handler + ".log"))
                    .start();
            ObjectNode f = figures(handler);
            f.put("initType", init.value());
            f.put("javaToolOptions", definition.javaToolOptions());
            f.put("command", String.join(" ", function.command()).replace(classPathOf(runtime), "<RIC jars>"));
            f.put("log", function.log().toString());
            return function;
        }

        @AfterAll
        void stop() throws InterruptedException {
            if (function != null) {
                function.close();
            }
        }
    }

    @Nested
    @Order(1)
    class DownloadScenario extends Scenario {

        @BeforeAll
        void start() throws IOException {
            start("download", InitType.ON_DEMAND);
            long ready = function.awaitReady(INIT);
            figures("download").put("launchToReadyMs", ms(ready - function.launchedAtNanos()));
        }

        @Test
        @Order(1)
        void fetchesTheImageIntoTheRun() throws IOException {
            RuntimeApiEmulator.Outcome outcome = function.invoke(event(1), CALL);

            assertThat(outcome.failed()).as("download of id 1 failed: %s", outcome.body()).isFalse();
            JsonNode result = JSON.readTree(outcome.body());
            assertThat(result.path("key").asText()).isEqualTo("runs/ric/raw/001.png");
            byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("runs/ric/raw/001.png")).asByteArray();
            RgbImage image = DECODER.decode(stored);
            assertThat(image.width()).isEqualTo(SampleArtwork.SIZE);
            assertThat(image.height()).isEqualTo(SampleArtwork.SIZE);
            DOWNLOADS.add(result);
            figures("download").put("firstInvocationMs", round(outcome.millis()));
        }

        @Test
        @Order(2)
        void anIdOutOfRangeIsAnInvalidEventWithASmallErrorDocument() {
            RuntimeApiEmulator.Outcome outcome = function.invoke(event(100_001), CALL);

            assertThat(outcome.failed()).as("id 100001 answered %s", outcome.body()).isTrue();
            assertThat(outcome.errorType()).as(outcome.body()).isEqualTo(InvalidEventException.class.getName());
            assertThat(outcome.bodyBytes()).as(outcome.body()).isLessThan(2048);
            recordError("download", "idOutOfRange", outcome);
        }
    }

    @Nested
    @Order(2)
    class ProcessScenario extends Scenario {

        private final Map<Integer, byte[]> inputs = new LinkedHashMap<>();

        @BeforeAll
        void start() throws IOException {
            Path fixture = FIXTURES.resolve("rgba_475.input.png");
            for (int id = 1; id <= IMAGES; id++) {
                inputs.put(id, id == IMAGES ? Files.readAllBytes(fixture) : SampleArtwork.png(id));
            }
            inputs.forEach((id, png) -> s3.putObject(b -> b.bucket(BUCKET).key(String.format("runs/ric/raw/%03d.png", id)),
                    RequestBody.fromBytes(png)));

            start("process", InitType.SNAP_START);
            long restore = function.awaitRestoreNext(INIT);
            long ready = function.awaitReady(INIT);
            ObjectNode f = figures("process");
            f.put("primingMs", ms(restore - function.launchedAtNanos()));
            f.put("restoreToReadyMs", ms(ready - restore));
            f.put("fixture", fixture.toString());
        }

        @Test
        @Order(1)
        void transformsTenImagesAsTheTransformDoesHere() throws IOException {
            List<RuntimeApiEmulator.Outcome> outcomes = new ArrayList<>();
            for (int id : inputs.keySet()) {
                outcomes.add(function.invoke(event(id), CALL));
            }
            ObjectNode f = figures("process");
            ArrayNode each = f.putArray("invocationsMs");
            outcomes.forEach(o -> each.add(round(o.millis())));
            f.put("firstInvocationMs", round(outcomes.get(0).millis()));
            f.put("warmMs", round(outcomes.subList(IMAGES - 3, IMAGES).stream()
                    .mapToDouble(RuntimeApiEmulator.Outcome::millis).min().orElseThrow()));

            int sameBytes = 0;
            try (RowBands bands = RowBands.of(Runtime.getRuntime().availableProcessors())) {
                ImageTransform here = new ImageTransform(DECODER, new PngEncoder(PngEncoder.DEFAULT_LEVEL), bands);
                f.put("kernelsInTheTestJvm", here.kernels().name().toLowerCase(Locale.ROOT));
                for (int i = 0; i < IMAGES; i++) {
                    int id = i + 1;
                    RuntimeApiEmulator.Outcome outcome = outcomes.get(i);
                    assertThat(outcome.failed()).as("process of id %d failed: %s", id, outcome.body()).isFalse();
                    JsonNode result = JSON.readTree(outcome.body());
                    String key = String.format("runs/ric/processed/%03d.png", id);
                    assertThat(result.path("key").asText()).as("id %d", id).isEqualTo(key);
                    byte[] stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
                    assertThat(result.path("bytes").asLong()).as("id %d", id).isEqualTo(stored.length);
                    assertThat(java.time.Instant.parse(result.path("startedAt").asText())).as("id %d: the definition's"
                            + " ResultSelector keeps the timings", id).isNotNull();
                    assertThat(result.path("durationMs").isIntegralNumber()).as("id %d", id).isTrue();

                    ImageTransform.Result expected = here.transform(inputs.get(id));
                    RgbImage got = DECODER.decode(stored);
                    assertThat(result.path("width").asInt()).as("id %d", id).isEqualTo(expected.width());
                    assertThat(result.path("height").asInt()).as("id %d", id).isEqualTo(expected.height());
                    assertThat(got.width()).isEqualTo(expected.width());
                    assertThat(got.height()).isEqualTo(expected.height());
                    assertThat(got.pixels()).as("id %d's pixels, function against this JVM's transform", id)
                            .isEqualTo(DECODER.decode(expected.png()).pixels());
                    if (java.util.Arrays.equals(stored, expected.png())) {
                        sameBytes++;
                    }
                    PROCESSES.add(result);
                }
            }
            f.put("outputsWithTheSamePngBytesAsTheTestJvm", sameBytes);
            byte[] out = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("runs/ric/processed/010.png")).asByteArray();
            assertThat(DECODER.decode(out).pixels()).as("the fixture's output against Pillow's")
                    .isEqualTo(DECODER.decode(Files.readAllBytes(FIXTURES.resolve("rgba_475.08-down.png"))).pixels());
        }

        /** What a person watching the run in CloudWatch gets: JSON lines with the ids, a metrics line per image. */
        @Test
        @Order(2)
        void logsJsonWithTheRunAndImageIdsAndPublishesFiguresOnlyForRealWork() throws IOException {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : Files.readAllLines(function.log())) {
                if (line.startsWith("{")) {
                    lines.add(JSON.readTree(line));
                }
            }
            assertThat(lines).as(function.logTail(40)).anySatisfy(l -> {
                assertThat(l.path("level").asText()).isEqualTo("INFO");
                assertThat(l.at("/mdc/runId").asText()).isEqualTo(RUN);
                assertThat(l.at("/mdc/imageId").asText()).isEqualTo("3");
            });
            List<JsonNode> metrics = lines.stream().filter(l -> l.has("_aws")).toList();
            assertThat(metrics).as("one metrics line per real invocation, none for priming's")
                    .hasSize(IMAGES).allSatisfy(m -> {
                        assertThat(m.path("runId").asText()).isEqualTo(RUN);
                        assertThat(m.path("stage").asText()).isEqualTo("process");
                        assertThat(m.path("durationMs").asLong()).isPositive();
                        assertThat(m.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("pokepipe");
                    });
            assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("runs/ric/results/process/")).contents())
                    .as("a success keeps no record: the Map's result, with its timings, is the record").isEmpty();
        }

        @Test
        @Order(3)
        void aMissingOriginalIsObjectNotFound() {
            RuntimeApiEmulator.Outcome outcome = function.invoke(event(IMAGES + 1), CALL);

            assertThat(outcome.failed()).as("id %d answered %s", IMAGES + 1, outcome.body()).isTrue();
            assertThat(outcome.errorType()).as(outcome.body()).isEqualTo(ObjectNotFoundException.class.getName());
            recordError("process", "missingOriginal", outcome);
        }

        /** {@code pokepipe transform} on the same ten files, in this run, for comparison: figures only. */
        @Test
        @Order(4)
        void pokepipeTransformOnTheSameFiles() throws Exception {
            Path jar = Path.of(System.getProperty("pokepipe.cli.jar", TARGET.resolve("pokepipe.jar").toString()));
            assertThat(jar).as("the CLI is packaged before the integration tests").isRegularFile();
            Path in = Files.createDirectories(work.resolve("cli-in"));
            List<String> files = new ArrayList<>();
            for (int pass = 1; pass <= CLI_PASSES; pass++) {
                for (Map.Entry<Integer, byte[]> input : inputs.entrySet()) {
                    Path file = in.resolve(String.format("pass%d-%03d.png", pass, input.getKey()));
                    Files.write(file, input.getValue());
                    files.add(file.toString());
                }
            }
            ObjectNode f = FIGURES.putObject("pokepipeTransform");
            f.put("command", "java -Xmx160m -XX:+UseSerialGC --add-modules=jdk.incubator.vector -jar " + jar
                    + " transform --json --out-dir DIR <the ten inputs, " + CLI_PASSES + " times>");
            f.set("jdk25", transformRun(runtime.java(), jar, files, "jdk25"));
            f.set("launcherJava", transformRun(launcherJava(), jar, files, "launcher"));
        }

        private ObjectNode transformRun(Path java, Path jar, List<String> files, String name) throws Exception {
            Path out = work.resolve("cli-out-" + name);
            Path stdout = work.resolve("cli-" + name + ".out");
            Path stderr = work.resolve("cli-" + name + ".err");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx160m", "-XX:+UseSerialGC",
                    "--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true", "-jar", jar.toString(),
                    "transform", "--json", "--out-dir", out.toString()));
            command.addAll(files);
            Process cli = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            assertThat(cli.waitFor(5, TimeUnit.MINUTES)).as("pokepipe transform ended").isTrue();
            String err = Files.readString(stderr);
            assertThat(cli.exitValue()).as("pokepipe transform's exit status; stderr:\n%s", err).isZero();
            List<Double> ms = new ArrayList<>();
            for (String line : Files.readAllLines(stdout)) {
                if (line.startsWith("{")) {
                    ms.add(JSON.readTree(line).path("ms").asDouble());
                }
            }
            assertThat(ms).as("one line per file").hasSize(IMAGES * CLI_PASSES);
            ObjectNode run = JSON.createObjectNode();
            run.put("java", java.toString());
            // The first pass is what a cold command meets; the last, the transform once compiled, as a warm function has it.
            run.put("medianMs", round(median(ms.subList(0, IMAGES))));
            run.put("warmMedianMs", round(median(ms.subList(ms.size() - IMAGES, ms.size()))));
            ArrayNode each = run.putArray("perFileMs");
            ms.forEach(each::add);
            run.put("summary", err.lines().filter(l -> l.contains("median")).findFirst().orElse(err.strip()));
            return run;
        }
    }

    @Nested
    @Order(3)
    class SummarizeScenario extends Scenario {

        @BeforeAll
        void start() throws IOException {
            start("summarize", InitType.ON_DEMAND);
            long ready = function.awaitReady(INIT);
            figures("summarize").put("launchToReadyMs", ms(ready - function.launchedAtNanos()));
        }

        /**
         * The run as the definition leaves it for summarize, from what the other two scenarios returned:
         * the ids in {@code ids.json}, each Map's children as a ResultWriter writes them (the Step Functions
         * developer guide's "ResultWriter (Map)" layout), and the event naming the two manifests.
         */
        @Test
        void answersWithTheCountsAndWritesTheSummaryFromTheMapsResults() throws IOException {
            assumeTrue(!DOWNLOADS.isEmpty() && !PROCESSES.isEmpty(),
                    "the summarize scenario needs the download and process scenarios' results");
            ArrayNode ids = JSON.createArrayNode();
            DOWNLOADS.forEach(d -> ids.add(d.get("id").asInt()));
            s3.putObject(b -> b.bucket(BUCKET).key("runs/" + RUN + "/ids.json"), RequestBody.fromString(ids.toString()));
            ObjectNode event = JSON.createObjectNode().put("runId", RUN).put("bucket", BUCKET)
                    .put("downloadResults", mapResults("download", DOWNLOADS))
                    .put("processResults", mapResults("process", PROCESSES));

            RuntimeApiEmulator.Outcome outcome = function.invoke(event.toString(), CALL);

            assertThat(outcome.failed()).as("summarize failed: %s", outcome.body()).isFalse();
            JsonNode totals = JSON.readTree(outcome.body());
            assertThat(totals.get("requested").asInt()).as(outcome.body()).isEqualTo(DOWNLOADS.size());
            assertThat(totals.get("processed").asInt()).as(outcome.body()).isEqualTo(DOWNLOADS.size());
            assertThat(totals.has("failures")).as("the per-id list stays in S3").isFalse();
            JsonNode summary = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("runs/ric/summary.json"))
                    .asByteArray());
            assertThat(summary.at("/download/count").asInt()).as("timings read from the Map's results")
                    .isEqualTo(DOWNLOADS.size());
            assertThat(summary.at("/process/p50Ms").asLong()).isPositive();
            figures("summarize").put("firstInvocationMs", round(outcome.millis()));
        }
    }

    @Nested
    @Order(4)
    class PrepareScenario extends Scenario {

        private static final String PREPARED = "ric-prepare";

        @BeforeAll
        void start() throws IOException {
            start("prepare", InitType.ON_DEMAND);
            long ready = function.awaitReady(INIT);
            figures("prepare").put("launchToReadyMs", ms(ready - function.launchedAtNanos()));
        }

        @Test
        @Order(1)
        void writesTheIdsOfACountAndNamesWhereTheMapsFindThem() throws IOException {
            RuntimeApiEmulator.Outcome outcome = function.invoke(prepareEvent("{\"count\":5}"), CALL);

            assertThat(outcome.failed()).as("prepare failed: %s", outcome.body()).isFalse();
            JsonNode result = JSON.readTree(outcome.body());
            assertThat(result.get("count").asInt()).isEqualTo(5);
            assertThat(result.get("idsKey").asText()).isEqualTo("runs/" + PREPARED + "/ids.json");
            assertThat(result.get("fresh").asBoolean()).as("no ids.json before: %s", outcome.body()).isTrue();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(result.get("idsKey").asText())).asUtf8String())
                    .isEqualTo("[1,2,3,4,5]");
            figures("prepare").put("firstInvocationMs", round(outcome.millis()));
        }

        @Test
        @Order(2)
        void aRepeatedIdIsAFunctionErrorNamingIt() {
            RuntimeApiEmulator.Outcome outcome = function.invoke(prepareEvent("{\"ids\":[4,7,4]}"), CALL);

            assertThat(outcome.failed()).as("ids 4,7,4 answered %s", outcome.body()).isTrue();
            assertThat(outcome.errorType()).as(outcome.body()).isEqualTo(InvalidEventException.class.getName());
            assertThat(outcome.body()).contains("4 is given more than once");
            recordError("prepare", "repeatedId", outcome);
        }

        private static String prepareEvent(String input) {
            return "{\"runId\":\"" + PREPARED + "\",\"bucket\":\"" + BUCKET + "\",\"input\":" + input + "}";
        }
    }

    /** Writes one succeeded child per result, its output {id, bytes} as the definition's ResultSelector keeps it; returns the manifest's key. */
    private static String mapResults(String stage, List<JsonNode> results) throws IOException {
        String folder = "runs/" + RUN + "/maps/" + stage + "/ric-run/";
        JsonNode selector = childOutput(stage);
        ArrayNode records = JSON.createArrayNode();
        results.forEach(r -> {
            ObjectNode output = JSON.createObjectNode();
            selector.fields().forEachRemaining(f -> output.set(f.getKey().replace(".$", ""),
                    r.get(f.getValue().asText().replace("$.Payload.", ""))));
            records.addObject().put("Status", "SUCCEEDED").put("Input", "{}").put("Output", output.toString());
        });
        s3.putObject(b -> b.bucket(BUCKET).key(folder + "SUCCEEDED_0.json"), RequestBody.fromString(records.toString()));
        ObjectNode manifest = JSON.createObjectNode().put("DestinationBucket", BUCKET);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("FAILED");
        files.putArray("PENDING");
        files.putArray("SUCCEEDED").addObject().put("Key", folder + "SUCCEEDED_0.json").put("Size", records.toString().length());
        s3.putObject(b -> b.bucket(BUCKET).key(folder + "manifest.json"), RequestBody.fromString(manifest.toString()));
        return folder + "manifest.json";
    }

    /** The definition's ResultSelector of {@code stage}'s Task: what a child returns from the function's result. */
    private static JsonNode childOutput(String stage) throws IOException {
        String map = stage.equals("download") ? "DownloadImages" : "ProcessImages";
        String task = stage.equals("download") ? "Download" : "Process";
        return JSON.readTree(dev.pokepipe.local.LocalPipeline.definitionText()).path("States").path(map)
                .path("ItemProcessor").path("States").path(task).path("ResultSelector");
    }

    /** Ends every failure's message, in the tests and around them, with the function's last log lines. */
    static final class FunctionLogOnFailure implements TestExecutionExceptionHandler,
            LifecycleMethodExecutionExceptionHandler {

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
            throw withLog(context, throwable);
        }

        @Override
        public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            throw withLog(context, throwable);
        }

        @Override
        public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
                throws Throwable {
            throw withLog(context, throwable);
        }

        private static Throwable withLog(ExtensionContext context, Throwable throwable) {
            if (throwable instanceof TestAbortedException) {
                return throwable;
            }
            ExecutionEnvironment function = context.getTestInstance()
                    .filter(Scenario.class::isInstance).map(i -> ((Scenario) i).function).orElse(null);
            String message = String.valueOf(throwable.getMessage());
            if (function == null || message.contains("--- last ")) {
                return throwable;
            }
            AssertionError failure = new AssertionError(message + "\n" + function.logTail(100), throwable);
            failure.setStackTrace(throwable.getStackTrace());
            return failure;
        }
    }

    private static ObjectNode figures(String handler) {
        return FIGURES.has(handler) ? (ObjectNode) FIGURES.get(handler) : FIGURES.putObject(handler);
    }

    private static void recordError(String handler, String name, RuntimeApiEmulator.Outcome outcome) {
        ObjectNode f = figures(handler);
        ObjectNode errors = f.has("errors") ? (ObjectNode) f.get("errors") : f.putObject("errors");
        ObjectNode e = errors.putObject(name);
        e.put("errorType", outcome.errorType());
        e.put("functionErrorTypeHeader", outcome.functionErrorType());
        e.put("documentBytes", outcome.bodyBytes());
        e.put("xrayErrorCauseHeaderBytes", outcome.errorCauseBytes());
        e.put("document", outcome.body());
    }

    /** The event a child of a fresh run gets, as the definition's ItemSelector builds it. */
    private static String event(int id) {
        return "{\"runId\":\"" + RUN + "\",\"bucket\":\"" + BUCKET + "\",\"id\":" + id + ",\"fresh\":true}";
    }

    private static double ms(long nanos) {
        return round(nanos / 1e6);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String classPathOf(LambdaJavaRuntime runtime) {
        return String.join(File.pathSeparator, runtime.classPath().stream().map(Path::toString).toList());
    }

    /** The {@code java} the ./pokepipe launcher runs: the first on PATH, else this JVM's. */
    private static Path launcherJava() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path java = Path.of(dir, "java");
            if (!dir.isEmpty() && Files.isExecutable(java)) {
                return java;
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
