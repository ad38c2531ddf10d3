package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.outcome.StageOutcome;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunSummarizerTest {

    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();

    private static S3Client s3() {
        return S3_SERVER.client();
    }
    private String bucket;
    private RunSummarizer summarizer;

    @BeforeEach
    void newBucket() {
        bucket = S3_SERVER.createBucket("sum-" + System.nanoTime());
        summarizer = new RunSummarizer(new ImageStore(s3()), new ObjectMapper());
    }

    /** What the state hands over for a success: id and bytes; the function kept its whole result in S3. */
    private StageOutcome ok(String runId, String stage, int id, String startedAt, long ms) {
        keep(runId, stage, new StageOutcome(id, "k" + id, 100L, null, null, startedAt, ms, null, null, null));
        return new StageOutcome(id, null, 100L, null, null, null, null, null, null, null);
    }

    /** What a Catch hands over: id and error. */
    private static StageOutcome failed(int id, String error) {
        return new StageOutcome(id, null, null, null, null, null, null, null, error, null);
    }

    private void keep(String runId, String stage, StageOutcome record) {
        try {
            s3().putObject(b -> b.bucket(bucket).key(dev.pokepipe.pipeline.run.RunLayout.result(runId, stage, record.id())),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(new ObjectMapper().writeValueAsBytes(record)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void countsTimesAndFailuresOfARun() throws IOException {
        List<StageOutcome> downloads = List.of(
                ok("run-7", "download", 1, "2026-01-01T00:00:00Z", 400),
                ok("run-7", "download", 2, "2026-01-01T00:00:00.100Z", 500),
                failed(3, "dev.pokepipe.pipeline.exceptions.ImageNotFoundException"),
                ok("run-7", "download", 4, "2026-01-01T00:00:00.200Z", 1000));
        List<StageOutcome> processes = List.of(
                ok("run-7", "process", 1, "2026-01-01T00:00:01.200Z", 100),
                ok("run-7", "process", 2, "2026-01-01T00:00:01.200Z", 300),
                failed(4, "dev.pokepipe.pipeline.exceptions.InvalidImageException"));
        keep("run-7", "process", new StageOutcome(4, null, null, null, null, null, null, "process",
                "dev.pokepipe.pipeline.exceptions.InvalidImageException", "not a PNG: bad CRC in IDAT"));

        RunSummary s = summarizer.summarize(new SummarizeRequest("run-7", bucket, downloads, processes));

        assertThat(s.requested()).isEqualTo(4);
        assertThat(s.downloaded()).isEqualTo(3);
        assertThat(s.processed()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.processed() + s.failed()).isEqualTo(s.requested());
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

        JsonNode stored = new ObjectMapper().readTree(
                s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/run-7/summary.json")).asByteArray());
        assertThat(stored.get("processed").asInt()).isEqualTo(2);
        assertThat(stored.get("failures").get(0).get("error").asText())
                .isEqualTo("dev.pokepipe.pipeline.exceptions.ImageNotFoundException");
        assertThat(s.summaryKey()).isEqualTo("runs/run-7/summary.json");
    }

    @Test
    void aDownloadedIdWithoutAProcessOutcomeIsStillAccountedFor() {
        RunSummary s = summarizer.summarize(new SummarizeRequest("run-8", bucket,
                List.of(ok("run-8", "download", 1, "2026-01-01T00:00:00Z", 10),
                        ok("run-8", "download", 2, "2026-01-01T00:00:00Z", 10)),
                List.of(ok("run-8", "process", 1, "2026-01-01T00:00:01Z", 10))));
        assertThat(s.failures()).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo(2);
                    assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
                });
        assertThat(s.processed() + s.failed()).isEqualTo(s.requested());
    }

    @Test
    void aRecordOfAnotherOutcomeThanTheStatesIsNotTakenForIt() {
        // An earlier attempt failed and kept its reason; the retry timed out, and the state says so.
        keep("run-9", "download", new StageOutcome(1, null, null, null, null, null, null, "download",
                "dev.pokepipe.pipeline.exceptions.OriginUnavailableException", "connection reset"));
        RunSummary s = summarizer.summarize(new SummarizeRequest("run-9", bucket,
                List.of(failed(1, "States.Timeout")), List.of()));
        assertThat(s.failures()).singleElement().satisfies(f -> {
            assertThat(f.error()).isEqualTo("States.Timeout");
            assertThat(f.cause()).isEqualTo("the function did not answer within its timeout");
        });
    }

    @Test
    void aSuccessWhoseRecordIsMissingUnreadableOrAFailureIsAMissingOutcomeNotALostRun() {
        s3().putObject(b -> b.bucket(bucket).key("runs/run-10/results/download/002.json"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("not json"));
        keep("run-10", "download", StageOutcome.failure(3, "download", "X", "an earlier attempt's"));
        keep("run-10", "download", new StageOutcome(4, "k", 1L, null, null, "yesterday", 5L, null, null, null));
        RunSummary s = summarizer.summarize(new SummarizeRequest("run-10", bucket, List.of(
                new StageOutcome(1, null, 5L, null, null, null, null, null, null, null),
                new StageOutcome(2, null, 5L, null, null, null, null, null, null, null),
                new StageOutcome(3, null, 5L, null, null, null, null, null, null, null),
                new StageOutcome(4, null, 5L, null, null, null, null, null, null, null)), List.of()));

        assertThat(s.failures()).hasSize(4).allSatisfy(f -> {
            assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
            assertThat(f.cause()).contains("result record");
        });
    }

    @Test
    void anIdSpelledTwiceIsOneImage() {
        RunSummary s = summarizer.summarize(new SummarizeRequest("run-11", bucket,
                List.of(ok("run-11", "download", 1, "2026-01-01T00:00:00Z", 5), failed(1, "X")), List.of()));
        assertThat(s.requested()).isEqualTo(1);
        assertThat(s.processed() + s.failed()).isEqualTo(1);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = i + 1;
        }
        assertThat(RunSummarizer.nearestRank(values, 0.5)).isEqualTo(50);
        assertThat(RunSummarizer.nearestRank(values, 0.95)).isEqualTo(95);
        assertThat(RunSummarizer.nearestRank(new long[]{7}, 0.95)).isEqualTo(7);
    }

    @Test
    void refusesMalformedInput() {
        assertThatThrownBy(() -> summarizer.summarize(new SummarizeRequest("r", bucket, null, List.of())))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("downloads");
        assertThatThrownBy(() -> summarizer.summarize(new SummarizeRequest("r", bucket,
                java.util.Arrays.asList(ok("r", "download", 1, "2026-01-01T00:00:00Z", 5), null), List.of())))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("without an id");
    }
}
