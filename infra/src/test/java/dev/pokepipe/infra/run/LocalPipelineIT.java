package dev.pokepipe.infra.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.ImageNotFoundException;
import dev.pokepipe.functions.common.InvalidImageException;
import dev.pokepipe.functions.common.OriginUnavailableException;
import dev.pokepipe.functions.common.RunKeys;
import dev.pokepipe.functions.process.transform.ImageTransform;
import dev.pokepipe.functions.process.transform.PngDecoder;
import dev.pokepipe.functions.process.transform.PngEncoder;
import dev.pokepipe.infra.cli.PokepipeCommand;
import dev.pokepipe.infra.engine.EngineClock;
import dev.pokepipe.infra.engine.ExecutionResult;
import dev.pokepipe.infra.engine.HistoryEvent;
import dev.pokepipe.infra.origin.SampleOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    /** Retry waits shrunk 20-fold: the delays are still computed and taken, only faster. */
    private static final EngineClock FAST_RETRIES = new EngineClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis() / 20);
        }
    };

    @TempDir
    Path dataDir;

    @Test
    void everyIdIsAccountedForUnderInjectedFaults() throws Exception {
        Set<Integer> notFound = Set.of(7, 77, 140);
        SampleOrigin.Settings faults = new SampleOrigin.Settings(40, 10, notFound, 0.1, 0.03, 2_000, 0.05, 11);
        List<HistoryEvent> events = new ArrayList<>();
        try (SampleOrigin origin = SampleOrigin.start(faults, 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withOriginTimeout(Duration.ofMillis(1000)).withClock(FAST_RETRIES))) {
            origin.prepare(java.util.stream.IntStream.rangeClosed(1, 150).boxed().toList());

            ExecutionResult result = pipeline.run("it-150", ExecutionInput.count(150), events::add);

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            JsonNode summary = result.output();
            assertThat(summary.get("requested").asInt()).isEqualTo(150);
            assertThat(summary.get("processed").asInt() + summary.get("failed").asInt()).isEqualTo(150);

            Map<Integer, JsonNode> failures = new HashMap<>();
            summary.get("failures").forEach(f -> failures.put(f.get("id").asInt(), f));
            int corrupt = 0;
            for (int id = 1; id <= 150; id++) {
                JsonNode f = failures.get(id);
                if (notFound.contains(id)) {
                    assertThat(f).as("id %d", id).isNotNull();
                    assertThat(f.get("stage").asText()).isEqualTo("download");
                    assertThat(f.get("error").asText()).isEqualTo(ImageNotFoundException.class.getName());
                } else if (origin.corrupts(id)) {
                    corrupt++;
                    assertThat(f).as("id %d", id).isNotNull();
                    if (f.get("stage").asText().equals("process")) {
                        assertThat(f.get("error").asText()).isEqualTo(InvalidImageException.class.getName());
                        assertThat(f.get("cause").asText()).contains("truncated");
                    } else {
                        assertThat(f.get("error").asText()).isEqualTo(OriginUnavailableException.class.getName());
                    }
                } else if (f != null) {
                    assertThat(f.get("stage").asText()).as("id %d", id).isEqualTo("download");
                    assertThat(f.get("error").asText()).isEqualTo(OriginUnavailableException.class.getName());
                } else {
                    Path processed = pipeline.storage().fileOf(LocalPipeline.BUCKET, RunKeys.processed("it-150", id));
                    Path raw = pipeline.storage().fileOf(LocalPipeline.BUCKET, RunKeys.raw("it-150", id));
                    assertThat(Files.readAllBytes(processed)).as("id %d", id).isEqualTo(
                            new ImageTransform(new PngDecoder(40_000_000), new PngEncoder())
                                    .transform(Files.readAllBytes(raw)).png());
                }
            }
            assertThat(corrupt).as("the fault mix reached the process stage").isPositive();
            assertThat(summary.get("failed").asInt()).isLessThan(30);

            assertThat(result.maps().get("DownloadImages").peakConcurrency()).isEqualTo(40);
            assertThat(result.maps().get("ProcessImages").peakConcurrency()).isEqualTo(8);
            assertThat(events).extracting(HistoryEvent::type).contains("TaskFailed");
            assertThat(Files.exists(pipeline.storage().fileOf(LocalPipeline.BUCKET, RunKeys.summary("it-150"))))
                    .isTrue();
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
    void badInputIsRefusedBeforeAnythingRuns() {
        StringWriter err = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("run", "--sample-origin", "--ids", "1,x", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'x' is not an integer");
        assertThat(cli.execute("run", "--sample-origin", "--count", "0", "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(dataDir.resolve("pokepipe")).doesNotExist();
    }
}
