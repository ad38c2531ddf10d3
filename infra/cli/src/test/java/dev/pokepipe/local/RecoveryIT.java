package dev.pokepipe.local;

import dev.pokepipe.cli.PokepipeCommand;
import dev.pokepipe.engine.EngineClock;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.transform.PngDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing is lost: a storage outage mid-run, a resumed run, and a run killed with SIGKILL and resumed. */
class RecoveryIT {

    private static final PngDecoder DECODER = new PngDecoder(40_000_000);

    @TempDir
    Path dataDir;

    @Test
    void aStorageOutageMidRunIsRetried() throws Exception {
        RunEvents events = new RunEvents();
        try (SampleOrigin origin = SampleOrigin.start(SampleOrigin.Settings.defaults().withLatency(30, 0), 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl()))) {
            origin.prepare(java.util.stream.IntStream.rangeClosed(1, 60).boxed().toList());
            CompletableFuture<ExecutionResult> run = CompletableFuture.supplyAsync(
                    () -> pipeline.run("outage", RunInput.count(60), events.top(), events.children()));
            Path raw = pipeline.storage().fileOf(LocalPipeline.BUCKET, RunLayout.prefix("outage") + "raw");
            while (count(raw) < 10) {
                Thread.sleep(10);
            }
            pipeline.storage().interrupt(Duration.ofMillis(1500));

            ExecutionResult result = run.get(3, TimeUnit.MINUTES);

            assertThat(result.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
            RunSummary summary = pipeline.summary("outage");
            assertThat(summary.processed() + summary.failed()).isEqualTo(60);
            summary.failures().forEach(f -> assertThat(f.error()).as("failure %s", f)
                    .isEqualTo(StorageUnavailableException.class.getName()));
            long metOutage = events.all().filter(e -> e.details() instanceof EventDetails.TaskFailed f
                    && f.failure() == EventDetails.TaskFailure.FAILED
                    && f.error().equals(StorageUnavailableException.class.getName())).count();
            int retriesPerId = 3;
            assertThat(metOutage).as("the outage was met, and some attempt that met it succeeded on a retry")
                    .isGreaterThan((long) (retriesPerId + 1) * summary.failed());

            ExecutionResult resumed = pipeline.run("outage", RunInput.count(60), e -> { });
            assertThat(resumed.output().get("processed").asInt()).as("a resume after the outage loses nothing")
                    .isEqualTo(60);
        }
    }

    @Test
    void aResumedRunKeepsSoundOutputsAndRedoesOnlyTheRest() throws Exception {
        try (SampleOrigin origin = SampleOrigin.start(SampleOrigin.Settings.defaults().withLatency(5, 0), 0);
             LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, origin.baseUrl())
                     .withClock(EngineClock.SYSTEM))) {
            assertThat(pipeline.run("again", RunInput.count(30), e -> { }).output().get("processed").asInt())
                    .isEqualTo(30);
            int requests = origin.requests();
            for (int id : List.of(3, 9, 27)) {
                Files.delete(file(pipeline, RunLayout.raw("again", id)));
                Files.delete(file(pipeline, RunLayout.processed("again", id)));
            }
            Files.write(file(pipeline, RunLayout.processed("again", 12)), new byte[]{(byte) 0x89, 'P', 'N', 'G'});
            Map<Integer, FileTime> kept = new HashMap<>();
            for (int id = 1; id <= 30; id++) {
                if (!Set.of(3, 9, 12, 27).contains(id)) {
                    kept.put(id, Files.getLastModifiedTime(file(pipeline, RunLayout.processed("again", id))));
                }
            }

            ExecutionResult resumed = pipeline.run("again", RunInput.count(30), e -> { });

            assertThat(resumed.output().get("processed").asInt()).isEqualTo(30);
            assertThat(origin.requests() - requests).as("only the three missing originals are fetched").isEqualTo(3);
            kept.forEach((id, time) -> assertThat(modified(pipeline, id)).as("id %d kept", id).isEqualTo(time));
            for (int id = 1; id <= 30; id++) {
                RunAccounting.assertProcessedMatchesTransform(pipeline.storage(), "again", id);
            }
        }
    }

    @Test
    void aRunKilledMidwayIsResumedWithNothingCorrupt() throws Exception {
        Path jar = Path.of(System.getProperty("pokepipe.root.dir", "../..")).resolve("infra/cli/target/pokepipe.jar");
        assertThat(jar).as("the CLI jar is packaged before integration tests").isRegularFile();
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", jar.toString(), "run", "--sample-origin", "--count", "80",
                "--latency-ms", "20", "--jitter-ms", "0", "--data-dir", dataDir.toString(), "--run-id", "killed")
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("cli.log").toFile()).start();
        Path processed = dataDir.resolve("pokepipe").resolve(RunLayout.prefix("killed") + "processed");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count(processed) < 8 && cli.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cli.isAlive()).as("the run is still going when it is killed").isTrue();
        cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int before = count(processed);
        assertThat(before).isLessThan(80);

        StringWriter out = new StringWriter();
        CommandLine command = PokepipeCommand.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));
        int exit = command.execute("run", "--sample-origin", "--resume", "killed", "--latency-ms", "5", "--jitter-ms",
                "0", "--data-dir", dataDir.toString());

        assertThat(exit).as(out.toString()).isZero();
        assertThat(count(processed)).isEqualTo(80);
        Path raw = dataDir.resolve("pokepipe").resolve(RunLayout.prefix("killed") + "raw");
        try (Stream<Path> files = Stream.concat(Files.list(raw), Files.list(processed))) {
            files.forEach(f -> {
                try {
                    DECODER.decode(Files.readAllBytes(f));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    private static Path file(LocalPipeline pipeline, String key) {
        return pipeline.storage().fileOf(LocalPipeline.BUCKET, key);
    }

    private static FileTime modified(LocalPipeline pipeline, int id) {
        try {
            return Files.getLastModifiedTime(file(pipeline, RunLayout.processed("again", id)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".png")).count();
        }
    }
}
