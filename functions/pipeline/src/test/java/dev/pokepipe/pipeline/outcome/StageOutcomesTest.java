package dev.pokepipe.pipeline.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.PipelineException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.exceptions.UnexpectedFailureException;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The boundary every stage invocation passes: outcomes kept in S3, figures published, errors bounded. */
class StageOutcomesTest {

    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();

    private record Done(long bytes, long durationMs) implements StageOutcomes.Outcome {
    }

    private final List<String> metrics = new ArrayList<>();
    private String bucket;
    private StageOutcomes outcomes;

    @BeforeEach
    void setUp() {
        bucket = S3_SERVER.createBucket("outcomes-" + System.nanoTime());
        outcomes = new StageOutcomes(new ImageStore(S3_SERVER.client()), new ObjectMapper(),
                (stage, runId, id, ms, bytes) -> metrics.add(stage + " " + runId + " " + id + " " + ms + " " + bytes));
    }

    private JsonNode kept(String key) throws IOException {
        return new ObjectMapper().readTree(S3_SERVER.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    @Nested
    class ASuccess {

        @Test
        void isReturnedAndMeasuredWithNoRecordBesideIt() {
            Done done = outcomes.run("process", bucket, "run-1", 7, () -> new Done(1234, 56));

            assertThat(done).isEqualTo(new Done(1234, 56));
            assertThat(metrics).containsExactly("process run-1 7 56 1234");
            assertThat(S3_SERVER.client().listObjectsV2(b -> b.bucket(bucket)).contents())
                    .as("the Map's ResultWriter keeps a success's result").isEmpty();
        }

        @Test
        void runsWithTheRunAndImageInTheLoggingContextAndClearsItAfter() {
            String[] seen = new String[2];
            outcomes.run("download", bucket, "run-2", 3, () -> {
                seen[0] = MDC.get("runId");
                seen[1] = MDC.get("imageId");
                return new Done(1, 1);
            });
            assertThat(seen).containsExactly("run-2", "3");
            assertThat(MDC.get("runId")).isNull();
        }
    }

    @Nested
    class AFailure {

        @Test
        void ofOurOwnTypeLeavesAsItIsAndItsReasonIsKept() throws IOException {
            InvalidImageException thrown = new InvalidImageException("not a PNG: bad CRC in IDAT");
            InvalidImageException out = catchThrowableOfType(InvalidImageException.class,
                    () -> outcomes.run("process", bucket, "run-3", 4, () -> {
                        throw thrown;
                    }));

            assertThat(out).isSameAs(thrown);
            JsonNode record = kept("runs/run-3/results/process/004.json");
            assertThat(record.get("error").asText()).isEqualTo(InvalidImageException.class.getName());
            assertThat(record.get("cause").asText()).isEqualTo("not a PNG: bad CRC in IDAT");
            assertThat(record.get("stage").asText()).isEqualTo("process");
            assertThat(metrics).isEmpty();
        }

        @Test
        void unforeseenLeavesStacklessAndBoundedNamingTheOriginal() throws IOException {
            String huge = "x".repeat(400);
            UnexpectedFailureException out = catchThrowableOfType(UnexpectedFailureException.class,
                    () -> outcomes.run("process", bucket, "run-4", 5, () -> {
                        throw new IllegalStateException(huge);
                    }));

            assertThat(out.getStackTrace()).isEmpty();
            assertThat(out.getMessage()).startsWith("java.lang.IllegalStateException: xxx")
                    .hasSizeLessThanOrEqualTo(PipelineException.MAX_MESSAGE);
            assertThat(kept("runs/run-4/results/process/005.json").get("error").asText())
                    .isEqualTo(UnexpectedFailureException.class.getName());
        }

        @Test
        void outOfMemoryLeavesAsItIsSoLambdaReplacesTheEnvironmentAndIsKept() throws IOException {
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
            OutOfMemoryError out = catchThrowableOfType(OutOfMemoryError.class,
                    () -> outcomes.run("process", bucket, "run-6", 8, () -> {
                        throw oom;
                    }));

            assertThat(out).isSameAs(oom);
            JsonNode record = kept("runs/run-6/results/process/008.json");
            assertThat(record.get("error").asText()).isEqualTo("java.lang.OutOfMemoryError");
            assertThat(record.get("cause").asText()).isEqualTo("Java heap space");
        }

        @Test
        void anErrorIsBoundedToo() {
            UnexpectedFailureException out = catchThrowableOfType(UnexpectedFailureException.class,
                    () -> outcomes.run("process", bucket, "run-5", 6, () -> {
                        throw new StackOverflowError();
                    }));
            assertThat(out.getMessage()).isEqualTo("java.lang.StackOverflowError");
        }

        @Test
        void withAnInvalidEventIsStillReportedThoughNothingCanBeKept() {
            InvalidEventException out = catchThrowableOfType(InvalidEventException.class,
                    () -> outcomes.run("download", bucket, "../escape", 1, () -> {
                        throw new InvalidEventException("runId must be ...");
                    }));
            assertThat(out).hasMessage("runId must be ...");
            assertThat(S3_SERVER.client().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        }
    }

    @Test
    void aPipelineFailuresMessageIsCut() {
        String message = new StorageUnavailableException("y".repeat(5000)).getMessage();
        assertThat(message).hasSize(PipelineException.MAX_MESSAGE).endsWith("…");
    }
}
