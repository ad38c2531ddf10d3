package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.DefinitionSubstitutions;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.LocalEngine;
import dev.pokepipe.engine.TaskHandler;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real definition at its largest: 1000 ids, all of them failing in one stage with a Cause as long
 * as a Java stack trace in Lambda's error document. The run still succeeds, every id reaches
 * Summarize with its error, and no payload in the history comes near Step Functions' 256 KiB.
 */
class PipelineStateSizeTest {

    /** Half of Step Functions' limit: the margin the definition keeps. */
    private static final int LIMIT = 128 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Cause like Lambda's for an unexpected Java exception: tens of frames of a stack trace. */
    private static final String STACK_TRACE = "java.lang.IllegalStateException: boom\n" + String.join("\n",
            Collections.nCopies(80, "\tat dev.pokepipe.transform.LanczosResize.apply(LanczosResize.java:123)"));

    /**
     * The longest name of an error the definition does not retry: every failure record in the state
     * carries one. (Retried errors add events, not state: 1000 ids all retried three times would pass
     * Standard's 25,000-event history, a limit of the inline Map, not of the state.)
     */
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

    private final List<JsonNode> summarizeInputs = Collections.synchronizedList(new ArrayList<>());

    private static JsonNode downloaded(JsonNode event) {
        int id = event.get("id").asInt();
        return JSON.createObjectNode().put("id", id).put("key", String.format("runs/r/raw/%03d.png", id))
                .put("bytes", 123_456).put("startedAt", "2026-12-01T19:54:34.123456Z").put("durationMs", 1234);
    }

    private static JsonNode processed(JsonNode event) {
        int id = event.get("id").asInt();
        return JSON.createObjectNode().put("id", id).put("key", String.format("runs/r/processed/%03d.png", id))
                .put("bytes", 234_567).put("width", 475).put("height", 475)
                .put("startedAt", "2026-12-01T19:54:36.123456Z").put("durationMs", 48);
    }

    private static TaskHandler failing(String type) {
        return event -> {
            throw new TaskHandler.FunctionError(type, STACK_TRACE);
        };
    }

    private ExecutionResult run(TaskHandler download, TaskHandler process, String input) throws Exception {
        String definition = DefinitionSubstitutions.apply(LocalPipeline.definitionText(), LocalPipeline.substitutions());
        TaskHandler summarize = event -> {
            summarizeInputs.add(event);
            return JSON.createObjectNode().put("runId", "r").put("requested", 1000);
        };
        try (LocalEngine engine = LocalEngine.builder().definition(Definition.parse(definition)).clock(FastRetries.CLOCK)
                .readyThreads(80)
                .handler(LocalPipeline.functionArn("download"), download)
                .handler(LocalPipeline.functionArn("process"), process)
                .handler(LocalPipeline.functionArn("summarize"), summarize).build()) {
            return engine.execute("r", JSON.readTree(input));
        }
    }

    @Nested
    class AThousandIds {

        @Test
        void allFailingToDownloadStillSucceedAndStaySmall() throws Exception {
            ExecutionResult result = run(failing(LONGEST_ERROR),
                    PipelineStateSizeTest::processed, "{\"count\": 1000}");

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            JsonNode input = summarizeInputs.get(0);
            assertThat(input.get("downloads")).hasSize(1000).allSatisfy(d -> assertThat(d.get("error").asText())
                    .isEqualTo(LONGEST_ERROR));
            assertThat(input.get("processes")).isEmpty();
            assertThat(RunAccounting.largestPayload(result.historyJson())).isLessThan(LIMIT);
        }

        @Test
        void allFailingToProcessStillSucceedAndStaySmall() throws Exception {
            ExecutionResult result = run(PipelineStateSizeTest::downloaded,
                    failing(LONGEST_ERROR), "{\"count\": 1000}");

            assertThat(result.status()).as("%s %s", result.error(), result.cause())
                    .isEqualTo(ExecutionResult.Status.SUCCEEDED);
            JsonNode input = summarizeInputs.get(0);
            assertThat(input.get("downloads")).hasSize(1000).allSatisfy(d -> assertThat(d.has("bytes")).isTrue());
            assertThat(input.get("processes")).hasSize(1000).allSatisfy(p -> assertThat(p.get("error").asText())
                    .isEqualTo(LONGEST_ERROR));
            assertThat(RunAccounting.largestPayload(result.historyJson())).isLessThan(LIMIT);
        }
    }

    @Nested
    class RepeatedIds {

        @Test
        void areRefusedBeforeAnyFunctionRuns() throws Exception {
            AtomicInteger calls = new AtomicInteger();
            TaskHandler counted = event -> {
                calls.incrementAndGet();
                return downloaded(event);
            };
            ExecutionResult result = run(counted, counted, "{\"ids\": [1, 2, 2]}");

            assertThat(result.status()).isEqualTo(ExecutionResult.Status.FAILED);
            assertThat(result.error()).isEqualTo("pokepipe.InvalidInput");
            assertThat(result.cause()).contains("distinct");
            assertThat(calls).hasValue(0);
        }

        @Test
        void distinctIdsPass() throws Exception {
            ExecutionResult result = run(PipelineStateSizeTest::downloaded, PipelineStateSizeTest::processed,
                    "{\"ids\": [3, 1, 2]}");

            assertThat(result.status()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
            assertThat(summarizeInputs.get(0).get("processes")).hasSize(3);
        }
    }
}
