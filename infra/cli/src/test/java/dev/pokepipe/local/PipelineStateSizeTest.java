package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.DefinitionSubstitutions;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.LocalEngine;
import dev.pokepipe.engine.S3ObjectStore;
import dev.pokepipe.engine.TaskHandler;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.prepare.PrepareRequest;
import dev.pokepipe.pipeline.prepare.RunPreparer;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import dev.pokepipe.pipeline.summarize.RunSummarizer;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.pipeline.summarize.SummarizeRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real definition at its largest failure count: 1000 ids, all of them failing in one stage with a
 * Cause as long as a Java stack trace in Lambda's error document. The image work is stubbed; prepare and
 * summarize are the real ones, over the embedded S3 server the Distributed Maps read from and write to.
 * The run still succeeds, every id reaches the summary with its error, and no payload in any history,
 * the top one or a child's, comes near Step Functions' 256 KiB.
 */
class PipelineStateSizeTest {

    /** Half of Step Functions' limit: the margin the definition keeps. */
    private static final int LIMIT = 128 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Cause like Lambda's for an unexpected Java exception: tens of frames of a stack trace. */
    private static final String STACK_TRACE = "java.lang.IllegalStateException: boom\n" + String.join("\n",
            Collections.nCopies(80, "\tat dev.pokepipe.transform.LanczosResize.apply(LanczosResize.java:123)"));

    /** The longest name of an error the definition does not retry: every caught failure in a child carries one. */
    private static final String LONGEST_ERROR = java.util.stream.Stream.of(
                    dev.pokepipe.pipeline.exceptions.UnexpectedFailureException.class,
                    dev.pokepipe.pipeline.exceptions.StorageRejectedException.class,
                    dev.pokepipe.pipeline.exceptions.OriginRejectedException.class,
                    dev.pokepipe.pipeline.exceptions.ObjectNotFoundException.class,
                    dev.pokepipe.pipeline.exceptions.ImageNotFoundException.class,
                    dev.pokepipe.pipeline.exceptions.ImageTooLargeException.class,
                    dev.pokepipe.pipeline.exceptions.InvalidImageException.class,
                    dev.pokepipe.pipeline.exceptions.InvalidEventException.class)
            .map(Class::getName).max(java.util.Comparator.comparingInt(String::length)).orElseThrow();

    @TempDir
    Path dataDir;
    private EmbeddedStorage storage;
    private S3Client s3;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void startStorage() {
        storage = EmbeddedStorage.start(dataDir, 0);
        storage.ensureBucket(LocalPipeline.BUCKET);
        s3 = S3ClientFactory.create(storage.clientSettings());
    }

    @AfterEach
    void stopStorage() {
        s3.close();
        storage.close();
    }

    /** A download that stores a stand-in original, as the real one does, so the process Map lists it. */
    private JsonNode downloaded(JsonNode event) {
        calls.incrementAndGet();
        int id = event.get("id").asInt();
        String runId = event.get("runId").asText();
        s3.putObject(b -> b.bucket(LocalPipeline.BUCKET).key(RunLayout.raw(runId, id)), RequestBody.fromString("png"));
        record(runId, RunLayout.DOWNLOAD, id, "2026-12-01T19:54:34.123456Z", 1234);
        return JSON.createObjectNode().put("id", id).put("key", RunLayout.raw(runId, id)).put("bytes", 123_456)
                .put("startedAt", "2026-12-01T19:54:34.123456Z").put("durationMs", 1234);
    }

    private JsonNode processed(JsonNode event) {
        calls.incrementAndGet();
        String runId = event.get("runId").asText();
        int id = RunLayout.idOfRaw(runId, event.get("key").asText());
        record(runId, RunLayout.PROCESS, id, "2026-12-01T19:54:36.123456Z", 48);
        return JSON.createObjectNode().put("id", id).put("bytes", 234_567).put("width", 475).put("height", 475)
                .put("startedAt", "2026-12-01T19:54:36.123456Z").put("durationMs", 48);
    }

    /** The result record the real functions keep, which the summary reads the timings from. */
    private void record(String runId, String stage, int id, String startedAt, long ms) {
        String json = JSON.createObjectNode().put("id", id).put("bytes", 1).put("startedAt", startedAt)
                .put("durationMs", ms).toString();
        s3.putObject(b -> b.bucket(LocalPipeline.BUCKET).key(RunLayout.result(runId, stage, id)),
                RequestBody.fromString(json));
    }

    private TaskHandler failing(String type) {
        return event -> {
            calls.incrementAndGet();
            throw new TaskHandler.FunctionError(type, STACK_TRACE);
        };
    }

    private ExecutionResult run(TaskHandler download, TaskHandler process, String input, RunEvents events)
            throws Exception {
        String definition = DefinitionSubstitutions.apply(LocalPipeline.definitionText(), LocalPipeline.substitutions());
        ImageStore store = new ImageStore(s3);
        RunPreparer preparer = new RunPreparer(store);
        RunSummarizer summarizer = new RunSummarizer(store, JSON);
        try (LocalEngine engine = LocalEngine.builder().definition(Definition.parse(definition)).clock(FastRetries.CLOCK)
                .readyThreads(80)
                .objectStore(new S3ObjectStore(s3))
                .childExecutions(events.children())
                .handler(LocalPipeline.functionArn("prepare"), event -> {
                    calls.incrementAndGet();
                    return JSON.valueToTree(preparer.prepare(JSON.treeToValue(event, PrepareRequest.class)));
                })
                .handler(LocalPipeline.functionArn("download"), download)
                .handler(LocalPipeline.functionArn("process"), process)
                .handler(LocalPipeline.functionArn("summarize"), event -> JSON.valueToTree(
                        summarizer.summarize(JSON.treeToValue(event, SummarizeRequest.class)).totals()))
                .build()) {
            return engine.execute("r", JSON.readTree(input), events.top());
        }
    }

    private RunSummary summary() throws Exception {
        return JSON.readValue(s3.getObjectAsBytes(b -> b.bucket(LocalPipeline.BUCKET).key(RunLayout.summary("r")))
                .asByteArray(), RunSummary.class);
    }

    @Nested
    class AThousandIds {

        @Test
        void allFailingToDownloadStillSucceedAndStaySmall() throws Exception {
            RunEvents events = new RunEvents();
            ExecutionResult result = run(failing(LONGEST_ERROR), PipelineStateSizeTest.this::processed,
                    "{\"count\": 1000}", events);

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(summary().failures()).hasSize(1000).allSatisfy(f -> {
                assertThat(f.stage()).isEqualTo("download");
                assertThat(f.error()).isEqualTo(LONGEST_ERROR);
            });
            assertThat(RunAccounting.largestPayload(events.histories())).isLessThan(LIMIT);
        }

        @Test
        void allFailingToProcessStillSucceedAndStaySmall() throws Exception {
            RunEvents events = new RunEvents();
            ExecutionResult result = run(PipelineStateSizeTest.this::downloaded, failing(LONGEST_ERROR),
                    "{\"count\": 1000}", events);

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            RunSummary summary = summary();
            assertThat(summary.downloaded()).isEqualTo(1000);
            assertThat(summary.failures()).hasSize(1000).allSatisfy(f -> {
                assertThat(f.stage()).isEqualTo("process");
                assertThat(f.error()).isEqualTo(LONGEST_ERROR);
            });
            assertThat(RunAccounting.largestPayload(events.histories())).isLessThan(LIMIT);
        }
    }

    @Nested
    class RepeatedIds {

        @Test
        void areRefusedBeforeAnyFunctionRuns() throws Exception {
            ExecutionResult result = run(PipelineStateSizeTest.this::downloaded, PipelineStateSizeTest.this::processed,
                    "{\"ids\": [1, 2, 2]}", new RunEvents());

            assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(result.error()).isEqualTo("pokepipe.InvalidInput");
            assertThat(result.cause()).contains("distinct");
            assertThat(calls).hasValue(0);
        }

        @Test
        void distinctIdsPass() throws Exception {
            ExecutionResult result = run(PipelineStateSizeTest.this::downloaded, PipelineStateSizeTest.this::processed,
                    "{\"ids\": [3, 1, 2]}", new RunEvents());

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(summary().processed()).isEqualTo(3);
        }
    }
}
