package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.outcome.StageOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The summary of runs whose ids, Map results and records are in a real (embedded) S3, as the definition leaves them. */
class RunSummarizerTest {

    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3Client s3() {
        return S3_SERVER.client();
    }

    private String bucket;
    private RunSummarizer summarizer;

    @BeforeEach
    void newBucket() {
        bucket = S3_SERVER.createBucket("sum-" + System.nanoTime());
        summarizer = new RunSummarizer(new ImageStore(s3()), JSON);
    }

    private static ObjectNode idInput(String runId, int id) {
        return JSON.createObjectNode().put("runId", runId).put("bucket", "b").put("id", id);
    }

    private static ObjectNode keyInput(String runId, int id) {
        return JSON.createObjectNode().put("runId", runId).put("bucket", "b").put("key", RunLayout.raw(runId, id));
    }

    /** A success: the child returned {id, bytes, startedAt, durationMs}, and the function kept no record. */
    private static ObjectNode ok(String runId, String stage, int id, String startedAt, long ms) {
        ObjectNode input = stage.equals(RunLayout.DOWNLOAD) ? idInput(runId, id) : keyInput(runId, id);
        return MapResultsFixture.succeeded(input, JSON.createObjectNode().put("id", id).put("bytes", 100)
                .put("startedAt", startedAt).put("durationMs", ms));
    }

    /** What a download child's Catch returns: {id, error}. */
    private static ObjectNode caught(String runId, int id, String error) {
        return MapResultsFixture.succeeded(idInput(runId, id), JSON.createObjectNode().put("id", id).put("error", error));
    }

    /** What a process child's Catch returns: {key, error}, since its input names the original by key. */
    private static ObjectNode caughtByKey(String runId, int id, String error) {
        return MapResultsFixture.succeeded(keyInput(runId, id),
                JSON.createObjectNode().put("key", RunLayout.raw(runId, id)).put("error", error));
    }

    private void keep(String runId, String stage, StageOutcome record) {
        try {
            MapResultsFixture.put(s3(), bucket, RunLayout.result(runId, stage, record.id()), JSON.writeValueAsString(record));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RunSummary summarize(String runId, List<Integer> ids, List<ObjectNode> downloads, List<ObjectNode> processes) {
        MapResultsFixture.put(s3(), bucket, RunLayout.ids(runId), ids.toString());
        return summarizer.summarize(new SummarizeRequest(runId, bucket,
                MapResultsFixture.write(s3(), bucket, RunLayout.mapResults(runId, RunLayout.DOWNLOAD), downloads),
                MapResultsFixture.write(s3(), bucket, RunLayout.mapResults(runId, RunLayout.PROCESS), processes)));
    }

    @Test
    void countsTimesAndFailuresOfARun() throws IOException {
        List<ObjectNode> downloads = List.of(
                ok("run-7", "download", 4, "2026-01-01T00:00:00.200Z", 1000),
                ok("run-7", "download", 1, "2026-01-01T00:00:00Z", 400),
                caught("run-7", 3, "dev.pokepipe.pipeline.exceptions.ImageNotFoundException"),
                ok("run-7", "download", 2, "2026-01-01T00:00:00.100Z", 500));
        List<ObjectNode> processes = List.of(
                ok("run-7", "process", 2, "2026-01-01T00:00:01.200Z", 300),
                ok("run-7", "process", 1, "2026-01-01T00:00:01.200Z", 100),
                caughtByKey("run-7", 4, "dev.pokepipe.pipeline.exceptions.InvalidImageException"));
        keep("run-7", "process", new StageOutcome(4, "process",
                "dev.pokepipe.pipeline.exceptions.InvalidImageException", "not a PNG: bad CRC in IDAT"));

        RunSummary s = summarize("run-7", List.of(1, 2, 3, 4), downloads, processes);

        assertThat(s.requested()).isEqualTo(4);
        assertThat(s.downloaded()).isEqualTo(3);
        assertThat(s.processed()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.failures()).extracting(RunSummary.Failure::id, RunSummary.Failure::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "download"),
                        org.assertj.core.groups.Tuple.tuple(4, "process"));
        assertThat(s.failures()).extracting(RunSummary.Failure::cause).containsExactly(
                "the function failed with dev.pokepipe.pipeline.exceptions.ImageNotFoundException and left no reason",
                "not a PNG: bad CRC in IDAT");
        assertThat(s.download().count()).isEqualTo(3);
        assertThat(s.download().wallSeconds()).isEqualTo(1.2);
        assertThat(s.download().sumSeconds()).isEqualTo(1.9);
        assertThat(s.download().p50Ms()).isEqualTo(500);
        assertThat(s.download().p95Ms()).isEqualTo(1000);
        assertThat(s.process().wallSeconds()).isEqualTo(0.3);
        assertThat(s.totalSeconds()).isEqualTo(1.5);
        assertThat(s.imagesPerSecond()).isEqualTo(1.333);
        assertThat(s.startedAt()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.finishedAt()).isEqualTo("2026-01-01T00:00:01.500Z");

        JsonNode stored = JSON.readTree(s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/run-7/summary.json"))
                .asByteArray());
        assertThat(stored.get("processed").asInt()).isEqualTo(2);
        assertThat(stored.get("failures").get(0).get("error").asText())
                .isEqualTo("dev.pokepipe.pipeline.exceptions.ImageNotFoundException");
        assertThat(s.summaryKey()).isEqualTo("runs/run-7/summary.json");
    }

    @Test
    void aDownloadedIdWithoutAProcessOutcomeIsStillAccountedFor() {
        RunSummary s = summarize("run-8", List.of(1, 2),
                List.of(ok("run-8", "download", 1, "2026-01-01T00:00:00Z", 10),
                        ok("run-8", "download", 2, "2026-01-01T00:00:00Z", 10)),
                List.of(ok("run-8", "process", 1, "2026-01-01T00:00:01Z", 10)));
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(2);
            assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
            assertThat(f.cause()).contains("process Map returned no result");
        });
        assertThat(s.processed() + s.failed()).isEqualTo(s.requested());
    }

    @Test
    void anIdTheDownloadMapNeverReportedIsAMissingOutcome() {
        RunSummary s = summarize("run-12", List.of(1, 2), List.of(ok("run-12", "download", 1, "2026-01-01T00:00:00Z", 10)),
                List.of(ok("run-12", "process", 1, "2026-01-01T00:00:01Z", 10)));
        assertThat(s.requested()).isEqualTo(2);
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo(2);
            assertThat(f.stage()).isEqualTo("download");
            assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
        });
    }

    @Test
    void aChildExecutionThatFailedIsReportedWithTheErrorAndABoundedCause() {
        String stackTrace = "java.lang.IllegalStateException: boom\n" + "\tat x.y.Z.f(Z.java:1)\n".repeat(100);
        RunSummary s = summarize("run-13", List.of(1),
                List.of(MapResultsFixture.failed(idInput("run-13", 1), "States.Runtime", stackTrace)), List.of());
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.stage()).isEqualTo("download");
            assertThat(f.error()).isEqualTo("States.Runtime");
            assertThat(f.cause()).startsWith("java.lang.IllegalStateException: boom").hasSizeLessThan(400);
        });
    }

    @Test
    void aRecordOfAnotherOutcomeThanTheMapsIsNotTakenForIt() {
        // An earlier attempt failed and kept its reason; the retry timed out, and the Map says so.
        keep("run-9", "download", new StageOutcome(1, "download",
                "dev.pokepipe.pipeline.exceptions.OriginUnavailableException", "connection reset"));
        RunSummary s = summarize("run-9", List.of(1), List.of(caught("run-9", 1, "States.Timeout")), List.of());
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("States.Timeout");
            assertThat(f.cause()).isEqualTo("the function did not answer within its timeout");
        });
    }

    @Test
    void aSuccessWithoutValidTimingsIsAMissingOutcomeNotALostRun() {
        // A record left by an earlier attempt is no stand-in for the timings the Map's result lacks.
        MapResultsFixture.put(s3(), bucket, RunLayout.result("run-10", RunLayout.DOWNLOAD, 1), "{\"id\":1,\"key\":\"k\","
                + "\"bytes\":1,\"startedAt\":\"2026-01-01T00:00:00Z\",\"durationMs\":5}");
        List<ObjectNode> downloads = new ArrayList<>();
        downloads.add(MapResultsFixture.succeeded(idInput("run-10", 1), JSON.createObjectNode().put("id", 1)
                .put("bytes", 5)));
        downloads.add(MapResultsFixture.succeeded(idInput("run-10", 2), JSON.createObjectNode().put("id", 2)
                .put("bytes", 5).put("startedAt", "yesterday").put("durationMs", 5)));
        downloads.add(MapResultsFixture.succeeded(idInput("run-10", 3), JSON.createObjectNode().put("id", 3)
                .put("bytes", 5).put("startedAt", "2026-01-01T00:00:00Z").put("durationMs", -1)));
        downloads.add(ok("run-10", "download", 4, "2026-01-01T00:00:00Z", 7));
        RunSummary s = summarize("run-10", List.of(1, 2, 3, 4), downloads, List.of());

        assertThat(s.failures()).extracting(RunSummary.Failure::id).containsExactly(1, 2, 3, 4);
        assertThat(s.failures().subList(0, 3)).allSatisfy(f -> {
            assertThat(f.stage()).isEqualTo("download");
            assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
            assertThat(f.cause()).contains("no startedAt and durationMs");
        });
        assertThat(s.failures().get(3).cause()).as("4 downloaded, then found no process result")
                .contains("process Map returned no result");
        assertThat(s.downloaded()).isEqualTo(1);
        assertThat(s.download().p50Ms()).isEqualTo(7);
    }

    @Test
    void readsNoRecordForASuccess() {
        // The Map's result is the whole story of a success: a record beside it, even a failed one, is not read.
        keep("run-15", "download", StageOutcome.failure(1, "download", "X", "an earlier attempt's"));
        RunSummary s = summarize("run-15", List.of(1), List.of(ok("run-15", "download", 1, "2026-01-01T00:00:00Z", 9)),
                List.of(ok("run-15", "process", 1, "2026-01-01T00:00:01Z", 3)));
        assertThat(s.failures()).isEmpty();
        assertThat(s.processed()).isEqualTo(1);
        assertThat(s.totalSeconds()).isEqualTo(1.003);
    }

    @Test
    void manyIdsAreCountedInTheOrderTheyWereAskedForWithFailuresSortedById() {
        List<Integer> ids = IntStream.rangeClosed(1, 600).map(i -> 601 - i).boxed().toList();
        List<ObjectNode> downloads = ids.stream().map(id -> id % 100 == 0
                ? caught("run-14", id, "dev.pokepipe.pipeline.exceptions.ImageNotFoundException")
                : ok("run-14", "download", id, "2026-01-01T00:00:00Z", id)).toList();
        List<ObjectNode> processes = ids.stream().filter(id -> id % 100 != 0)
                .map(id -> ok("run-14", "process", id, "2026-01-01T00:00:01Z", 5)).toList();

        RunSummary s = summarize("run-14", ids, downloads, processes);

        assertThat(s.requested()).isEqualTo(600);
        assertThat(s.processed()).isEqualTo(594);
        assertThat(s.failures()).extracting(RunSummary.Failure::id).containsExactly(100, 200, 300, 400, 500, 600);
        assertThat(s.download().p50Ms()).as("the 297th of 1..600 without the hundreds").isEqualTo(299);
    }

    @Test
    void percentilesAreNearestRank() {
        PhaseTimes times = new PhaseTimes();
        for (int i = 100; i >= 1; i--) {
            times.add(java.time.Instant.EPOCH, i);
        }
        assertThat(times.nearestRank(0.5)).isEqualTo(50);
        assertThat(times.nearestRank(0.95)).isEqualTo(95);
        PhaseTimes one = new PhaseTimes();
        one.add(java.time.Instant.EPOCH, 7);
        assertThat(one.nearestRank(0.95)).isEqualTo(7);
    }

    @Test
    void refusesMalformedInput() {
        assertThatThrownBy(() -> summarizer.summarize(new SummarizeRequest("r", bucket, null, null)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("downloadResults");
        MapResultsFixture.put(s3(), bucket, "runs/r/maps/download/x/manifest.json", "not json");
        assertThatThrownBy(() -> summarizer.summarize(new SummarizeRequest("r", bucket,
                "runs/r/maps/download/x/manifest.json", null)))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("not JSON");
    }
}
