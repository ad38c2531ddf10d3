package dev.pokepipe.functions.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.ImageStore;
import dev.pokepipe.functions.common.InvalidEventException;
import dev.pokepipe.functions.testing.EmbeddedS3;
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

    private static StageOutcome ok(int id, String startedAt, long ms) {
        return new StageOutcome(id, "k" + id, 100L, null, null, startedAt, ms, null, null, null);
    }

    private static StageOutcome failed(int id, String stage, String error) {
        return new StageOutcome(id, null, null, null, null, null, null, stage, error, "because");
    }

    @Test
    void countsTimesAndFailuresOfARun() throws IOException {
        List<StageOutcome> downloads = List.of(
                ok(1, "2026-01-01T00:00:00Z", 400),
                ok(2, "2026-01-01T00:00:00.100Z", 500),
                failed(3, "download", "dev.pokepipe.functions.common.ImageNotFoundException"),
                ok(4, "2026-01-01T00:00:00.200Z", 1000));
        List<StageOutcome> processes = List.of(
                ok(1, "2026-01-01T00:00:01.200Z", 100),
                ok(2, "2026-01-01T00:00:01.200Z", 300),
                failed(4, "process", "dev.pokepipe.functions.common.InvalidImageException"));

        RunSummary s = summarizer.summarize(new SummarizeRequest("run-7", bucket, downloads, processes));

        assertThat(s.requested()).isEqualTo(4);
        assertThat(s.downloaded()).isEqualTo(3);
        assertThat(s.processed()).isEqualTo(2);
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.processed() + s.failed()).isEqualTo(s.requested());
        assertThat(s.failures()).extracting(RunSummary.Failure::id, RunSummary.Failure::stage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, "download"),
                        org.assertj.core.groups.Tuple.tuple(4, "process"));
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
                .isEqualTo("dev.pokepipe.functions.common.ImageNotFoundException");
        assertThat(s.summaryKey()).isEqualTo("runs/run-7/summary.json");
    }

    @Test
    void aDownloadedIdWithoutAProcessOutcomeIsStillAccountedFor() {
        RunSummary s = summarizer.summarize(new SummarizeRequest("run-8", bucket,
                List.of(ok(1, "2026-01-01T00:00:00Z", 10), ok(2, "2026-01-01T00:00:00Z", 10)),
                List.of(ok(1, "2026-01-01T00:00:01Z", 10))));
        assertThat(s.failures()).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo(2);
                    assertThat(f.error()).isEqualTo(RunSummarizer.MISSING_OUTCOME);
                });
        assertThat(s.processed() + s.failed()).isEqualTo(s.requested());
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
                List.of(ok(1, "yesterday", 5)), List.of())))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("startedAt");
        assertThatThrownBy(() -> summarizer.summarize(new SummarizeRequest("r", bucket,
                List.of(ok(1, "2026-01-01T00:00:00Z", 5), ok(1, "2026-01-01T00:00:00Z", 5)), List.of())))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("id 1 more than once");
    }
}
