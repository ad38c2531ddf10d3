package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.PokepipeCommand;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole local path for 150 ids: the real definition, the handlers in process, the embedded S3
 * server and the sample origin with every kind of injected fault. Every id must come out processed
 * or as a failure of the right stage and error.
 */
class LocalPipelineIT {

    @TempDir
    Path dataDir;

    @Test
    void everyIdIsAccountedForUnderInjectedFaults() throws Exception {
        Set<Integer> notFound = Set.of(7, 77, 140);
        SampleOrigin.Settings faults = withEveryCorruption(150,
                seed -> new SampleOrigin.Settings(40, 10, notFound, 0.1, 0.03, 2_000, 0.08, seed));
        RunEvents events = new RunEvents();
        try (SampleOrigin origin = SampleOrigin.start(faults, 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withOriginTimeout(Duration.ofMillis(1000)).withClock(FastRetries.CLOCK))) {
            origin.prepare(java.util.stream.IntStream.rangeClosed(1, 150).boxed().toList());

            ExecutionResult result = pipeline.run("it-150", RunInput.count(150), events.top(), events.children());

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            RunSummary summary = pipeline.summary("it-150");
            assertThat(summary.requested()).isEqualTo(150);
            assertThat(summary.processed() + summary.failed()).isEqualTo(150);

            Map<String, Integer> kinds = RunAccounting.check("it-150", 150, summary, events.histories(), origin,
                    notFound, pipeline.storage());
            assertThat(kinds.keySet()).as("the fault mix reached both stages")
                    .anyMatch(k -> k.startsWith("process:")).anyMatch(k -> k.startsWith("download:"));
            assertThat(kinds.get("processed")).isGreaterThan(120);

            assertThat(result.maps().get("DownloadImages").peakConcurrency()).isEqualTo(40);
            assertThat(result.maps().get("ProcessImages").peakConcurrency()).isEqualTo(8);
            assertThat(events.all()).extracting(HistoryEvent::type).contains("TaskFailed");
            assertThat(result.mapRuns()).extracting(r -> r.stateName() + " " + r.status() + " " + r.itemsTotal())
                    .containsExactly("DownloadImages SUCCEEDED 150",
                            "ProcessImages SUCCEEDED " + summary.downloaded());
            assertThat(events.childResults()).as("one child execution per download and per process")
                    .hasSize(150 + summary.downloaded());
            assertThat(events.topEvents()).extracting(HistoryEvent::type).as("the top history has no per-id event")
                    .filteredOn(t -> t.equals("TaskScheduled") || t.equals("MapRunStarted"))
                    .containsExactly("TaskScheduled", "MapRunStarted", "MapRunStarted", "TaskScheduled");
            assertThat(Files.exists(pipeline.storage().fileOf(LocalPipeline.BUCKET, RunLayout.summary("it-150"))))
                    .isTrue();
        }
    }

    @Test
    void aSmallRunTransformsWithThePlainLoopsAndALargerOneWithTheBestKernelsToTheSameBytes() throws Exception {
        try (SampleOrigin origin = SampleOrigin.start(new SampleOrigin.Settings(0, 0, Set.of(), 0, 0, 0, 0, 1), 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl()))) {
            ExecutionResult small = pipeline.run("it-small", RunInput.count(3), e -> { });
            assertThat(small.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(pipeline.processKernels()).isEqualTo(dev.pokepipe.transform.Kernels.SCALAR);

            ExecutionResult large = pipeline.run("it-large", RunInput.count(12), e -> { });
            assertThat(large.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(pipeline.processKernels()).isEqualTo(dev.pokepipe.transform.Kernels.best());
            assertThat(dataDir.resolve(InvocationPriming.BUCKET)).as("the priming it ran left nothing").doesNotExist();

            for (int id = 1; id <= 3; id++) {
                assertThat(Files.readAllBytes(pipeline.storage().fileOf(LocalPipeline.BUCKET,
                        RunLayout.processed("it-large", id))))
                        .as("id %d", id)
                        .isEqualTo(Files.readAllBytes(pipeline.storage().fileOf(LocalPipeline.BUCKET,
                                RunLayout.processed("it-small", id))));
            }
        }
    }

    /** The first seed from 1 on whose corrupted ids among 1..count include every kind of corruption. */
    static SampleOrigin.Settings withEveryCorruption(int count, java.util.function.LongFunction<SampleOrigin.Settings> bySeed) {
        for (long seed = 1; ; seed++) {
            SampleOrigin.Settings settings = bySeed.apply(seed);
            Set<SampleOrigin.Corruption> kinds = java.util.EnumSet.noneOf(SampleOrigin.Corruption.class);
            for (int id = 1; id <= count; id++) {
                settings.corruption(id).ifPresent(kinds::add);
            }
            if (kinds.size() == SampleOrigin.Corruption.values().length) {
                return settings;
            }
        }
    }

    @Test
    void theCommandLinePrintsJsonAndExitsThreeWhenSomeFailed() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("run", "--sample-origin", "--ids", "1,2,3,404", "--latency-ms", "5", "--jitter-ms", "0",
                "--not-found-ids", "404", "--data-dir", dataDir.toString(), "--run-id", "cli-1", "--json");

        assertThat(exit).as(err.toString()).isEqualTo(3);
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        assertThat(summary.get("processed").asInt()).isEqualTo(3);
        assertThat(summary.at("/failures/0/id").asInt()).isEqualTo(404);
        assertThat(summary.at("/concurrency/DownloadImages/peak").asInt()).isEqualTo(4);
        assertThat(summary.at("/concurrency/DownloadImages/limit").asInt()).isEqualTo(40);
        assertThat(summary.at("/concurrency/ProcessImages/limit").asInt()).isEqualTo(8);
        assertThat(Path.of(summary.at("/outputs/processedDir").asText()).resolve("001.png")).isRegularFile();
    }

    @Test
    void aThousandIdsAllMissingAtTheOriginFailOneByOneWithTheirReasonWhileTheRunSucceeds() throws Exception {
        Set<Integer> all = java.util.stream.IntStream.rangeClosed(1, 1000).boxed().collect(java.util.stream.Collectors.toSet());
        try (SampleOrigin origin = SampleOrigin.start(new SampleOrigin.Settings(0, 0, all, 0, 0, 0, 0, 1), 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withClock(FastRetries.CLOCK))) {
            RunEvents events = new RunEvents();
            ExecutionResult result = pipeline.run("all-missing", RunInput.count(1000), events.top(), events.children());

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(result.output().get("failed").asInt()).isEqualTo(1000);
            RunSummary summary = pipeline.summary("all-missing");
            assertThat(summary.failures()).hasSize(1000).allSatisfy(f -> {
                assertThat(f.stage()).isEqualTo("download");
                assertThat(f.error())
                        .isEqualTo(dev.pokepipe.pipeline.exceptions.ImageNotFoundException.class.getName());
                assertThat(f.cause()).contains("answered 404").contains(String.valueOf(f.id()));
            });
            assertThat(RunAccounting.largestPayload(events.histories())).isLessThan(128 * 1024);
            assertThat(result.mapRuns().get(0).itemsFailed()).as("each child caught its own failure").isZero();
        }
    }

    @Test
    void aThousandIdsAllFailingToProcessFailOneByOneWhileTheRunSucceeds() throws Exception {
        Set<Integer> none = Set.of();
        try (SampleOrigin origin = SampleOrigin.start(new SampleOrigin.Settings(0, 0, none, 0, 0, 0, 0, 1), 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withClock(FastRetries.CLOCK))) {
            // Sound in structure (signature, chunks, CRCs), so download keeps them; the data does not inflate.
            byte[] badData = new dev.pokepipe.testing.PngBuilder().header(4, 4, 8, 6)
                    .chunk("IDAT", new byte[]{(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).end();
            for (int id = 1; id <= 1000; id++) {
                // Originals already stored are kept by download in a resumed run; these fail to decode in process.
                Path raw = pipeline.storage().fileOf(LocalPipeline.BUCKET, RunLayout.raw("all-bad", id));
                Files.createDirectories(raw.getParent());
                Files.write(raw, badData);
            }
            // A run whose ids are there already is being resumed: not fresh, so download looks for kept originals.
            Files.writeString(pipeline.storage().fileOf(LocalPipeline.BUCKET, RunLayout.ids("all-bad")), "[]");
            RunEvents events = new RunEvents();
            ExecutionResult result = pipeline.run("all-bad", RunInput.count(1000), events.top(), events.children());

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            RunSummary summary = pipeline.summary("all-bad");
            assertThat(summary.downloaded()).isEqualTo(1000);
            assertThat(summary.failures()).hasSize(1000).allSatisfy(f -> {
                assertThat(f.stage()).isEqualTo("process");
                assertThat(f.error()).isEqualTo(dev.pokepipe.pipeline.exceptions.InvalidImageException.class.getName());
                assertThat(f.cause()).isNotBlank();
            });
            assertThat(RunAccounting.largestPayload(events.histories())).isLessThan(128 * 1024);
        }
    }

    @Test
    void anUnreachableOriginFailsEveryIdAsTransientAfterRetries() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RunEvents events = new RunEvents();
        try (LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir,
                java.net.URI.create("http://127.0.0.1:" + closedPort)).withClock(FastRetries.CLOCK))) {
            pipeline.run("refused", RunInput.count(5), events.top(), events.children());
            RunSummary summary = pipeline.summary("refused");

            assertThat(summary.failed()).isEqualTo(5);
            summary.failures().forEach(f -> {
                assertThat(f.stage()).isEqualTo("download");
                assertThat(f.error())
                        .isEqualTo(dev.pokepipe.pipeline.exceptions.OriginUnavailableException.class.getName());
                assertThat(f.cause()).contains("ConnectException");
            });
            assertThat(RunAccounting.attempts(events.histories())).containsEntry("download/3", 4);
        }
    }

    @Test
    void theDefinitionItselfRefusesBadInputWithoutCallingAFunction() throws Exception {
        try (LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir,
                java.net.URI.create("http://127.0.0.1:9")))) {
            for (String input : List.of("{\"count\": 0}", "{\"count\": 100001}", "{\"ids\": []}", "{}",
                    "{\"ids\": [1, 2, 2]}")) {
                List<HistoryEvent> events = new ArrayList<>();
                ExecutionResult result = pipeline.run("bad-" + Math.abs(input.hashCode()),
                        new ObjectMapper().readTree(input), events::add);
                assertThat(result.status()).as(input).isEqualTo(ExecutionResult.Status.FAILED);
                assertThat(result.error()).isEqualTo("pokepipe.InvalidInput");
                assertThat(events).extracting(HistoryEvent::type).doesNotContain("TaskScheduled");
            }
            RunEvents events = new RunEvents();
            ExecutionResult outOfRange = pipeline.run("bad-range", new ObjectMapper().readTree("{\"ids\": [1, 0]}"),
                    events.top(), events.children());
            assertThat(outOfRange.status()).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(outOfRange.error()).isEqualTo("pokepipe.InvalidInput");
            assertThat(outOfRange.cause()).as("prepare names the bad id").contains("got 0");
            assertThat(events.childResults()).as("no image was downloaded").isEmpty();
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingRuns() {
        assertRefused("'x' is not an integer", "--ids", "1,x");
        assertRefused("--count must be from 1 to 100000, got 0", "--count", "0");
        assertRefused("5 is given more than once", "--ids", "5,6,5");
        assertRefused("no run nope", "--resume", "nope");
        assertThat(dataDir.resolve("pokepipe")).doesNotExist();
    }

    private void assertRefused(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("run", "--sample-origin", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        assertThat(cli.execute(all.toArray(String[]::new))).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }
}
