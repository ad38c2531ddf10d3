package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pokepipe.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Distributed Maps run through the engine: histories, child executions, concurrency, refusals, and scale. */
class DistributedMapActionTest {

    @RegisterExtension
    static final EmbeddedS3 S3 = new EmbeddedS3();
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:work";

    @BeforeAll
    static void buckets() {
        S3.createBucket("dm-in");
        S3.createBucket("dm-out");
    }

    private static String definition(String mapFields) {
        return """
                {"StartAt": "Each", "States": {"Each": {"Type": "Map", %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "%s", "End": true}}},
                  "End": true}}}""".formatted(mapFields, FN);
    }

    private static LocalEngine.Builder engine(String mapFields, TaskHandler work) {
        return LocalEngine.builder().definition(Definition.parse(definition(mapFields)))
                .stateMachine("sm", "us-east-1", "123456789012").handler(FN, work)
                .objectStore(new S3ObjectStore(S3.client()));
    }

    @Test
    void theParentRecordsTheMapRunAndEachChildHasAHistoryAndContextOfItsOwn() {
        List<ExecutionResult> children = Collections.synchronizedList(new ArrayList<>());
        ExecutionResult result;
        try (LocalEngine e = engine("\"ItemsPath\": \"$.items\", \"MaxConcurrency\": 1,", event -> event)
                .childExecutions(children::add).build()) {
            result = e.execute("parent", json("{\"items\": [1, 2, 3]}"));
        }
        assertThat(result.output()).isEqualTo(json("[1, 2, 3]"));
        assertThat(result.history()).extracting(HistoryEvent::type).containsExactly("ExecutionStarted",
                "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunSucceeded", "MapStateSucceeded",
                "MapStateExited", "ExecutionSucceeded");
        MapRunResult run = result.mapRuns().get(0);
        assertThat(result.historyJson().get("events").get(2).get("mapStateStartedEventDetails").get("length").asInt())
                .isEqualTo(3);
        assertThat(result.historyJson().get("events").get(3).get("mapRunStartedEventDetails").get("mapRunArn").asText())
                .isEqualTo(run.mapRunArn()).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:sm/Each:");
        assertThat(run.itemsSucceeded()).isEqualTo(3);
        assertThat(run.peakConcurrency()).isEqualTo(1);
        assertThat(result.maps().get("Each").items()).isEqualTo(3);

        assertThat(children).hasSize(3);
        for (ExecutionResult child : children) {
            assertThat(child.history()).extracting(HistoryEvent::type).containsExactly("ExecutionStarted",
                    "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited",
                    "ExecutionSucceeded");
            assertThat(child.name()).isNotEqualTo("parent");
        }
    }

    @Test
    void theChildSeesItsOwnExecutionInTheContextObject() {
        String fields = "\"ItemsPath\": \"$.items\", \"ItemSelector\": {\"v.$\": \"$$.Map.Item.Value\"},";
        String def = definition(fields).replace("\"Resource\": \"" + FN + "\", \"End\": true",
                "\"Resource\": \"" + FN + "\", \"Parameters\": {\"id.$\": \"$$.Execution.Id\", "
                        + "\"sm.$\": \"$$.StateMachine.Name\"}, \"End\": true");
        try (LocalEngine e = LocalEngine.builder().definition(Definition.parse(def)).handler(FN, event -> event)
                .stateMachine("sm", "us-east-1", "123456789012").build()) {
            JsonNode out = e.execute("parent", json("{\"items\": [\"a\"]}")).output().get(0);
            assertThat(out.get("id").asText()).startsWith("arn:aws:states:us-east-1:123456789012:execution:sm/Each:");
            assertThat(out.get("sm").asText()).isEqualTo("sm/Each");
        }
    }

    @Test
    void neverMoreChildrenInFlightThanMaxConcurrency() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        TaskHandler counting = event -> {
            peak.accumulateAndGet(now.incrementAndGet(), Math::max);
            Thread.yield();
            now.decrementAndGet();
            return event;
        };
        StringBuilder items = new StringBuilder("[0");
        for (int i = 1; i < 200; i++) {
            items.append(',').append(i);
        }
        try (LocalEngine e = engine("\"ItemsPath\": \"$.items\", \"MaxConcurrency\": 3,", counting).build()) {
            ExecutionResult result = e.execute("parent", json("{\"items\": " + items + "]}"));
            assertThat(result.output()).hasSize(200);
            assertThat(result.mapRuns().get(0).peakConcurrency()).isBetween(1, 3);
        }
        assertThat(peak.get()).isBetween(1, 3);
    }

    @Test
    void aReaderFailureFailsTheMapWithItemReaderFailed() {
        String reader = "\"ItemReader\": {\"Resource\": \"arn:aws:states:::s3:getObject\", "
                + "\"ReaderConfig\": {\"InputType\": \"JSON\"}, \"Parameters\": {\"Bucket\": \"dm-in\", \"Key\": \"missing\"}},";
        try (LocalEngine e = engine(reader, event -> event).build()) {
            ExecutionResult result = e.execute("parent", json("{}"));
            assertThat(result.error()).isEqualTo(StatesError.ITEM_READER_FAILED);
            assertThat(result.history()).extracting(HistoryEvent::type).containsExactly("ExecutionStarted",
                    "MapStateEntered", "MapStateStarted", "MapRunStarted", "MapRunFailed", "MapStateFailed",
                    "ExecutionFailed");
            assertThat(result.mapRuns()).singleElement().extracting(MapRunResult::status)
                    .isEqualTo(ExecutionResult.Status.FAILED);
        }
    }

    @Test
    void distributedFieldsAreRefusedInAnInlineMapAndUnsupportedOptionsAreNamed() {
        assertThatThrownBy(() -> Definition.parse(definition("\"ItemsPath\": \"$\", \"ItemBatcher\": "
                + "{\"MaxInputBytesPerBatch\": 10},"))).hasMessageContaining("ItemBatcher.MaxInputBytesPerBatch");
        assertThatThrownBy(() -> Definition.parse(definition("\"ItemReader\": {\"Resource\": "
                + "\"arn:aws:states:::s3:getObject\", \"ReaderConfig\": {\"InputType\": \"CSV\"}, \"Parameters\": {}},")))
                .hasMessageContaining("InputType");
        assertThatThrownBy(() -> Definition.parse(definition("\"ItemsPath\": \"$.a\", \"ItemReader\": {\"Resource\": "
                + "\"arn:aws:states:::s3:listObjectsV2\", \"Parameters\": {\"Bucket\": \"b\"}},")))
                .hasMessageContaining("field `ItemsPath`");
        assertThatThrownBy(() -> Definition.parse(definition("\"ResultWriter\": {\"WriterConfig\": {}},")))
                .hasMessageContaining("ResultWriter.WriterConfig");
        assertThatThrownBy(() -> Definition.parse(definition("\"Label\": \"has space\",")))
                .hasMessageContaining("Label");
        assertThatThrownBy(() -> Definition.parse(definition("").replace("DISTRIBUTED", "INLINE")
                .replace("\"Type\": \"Map\",", "\"Type\": \"Map\", \"Label\": \"L\",")))
                .hasMessageContaining("(Distributed Map only)");
        assertThat(Definition.parse(definition("\"MaxConcurrency\": 1000,")).warnings()).isEmpty();
        assertThat(Definition.parse(definition("\"MaxConcurrency\": 1000,")).mapLimits()).containsEntry("Each", 1000);
        assertThat(Definition.parse(definition("")).mapLimits()).containsEntry("Each", DistributedConfig.CHILD_LIMIT);
    }

    /**
     * 20,000 JSONL items through a Task child, results to S3: the engine keeps no child history,
     * its own history stays eight events, and the results are cut into parts.
     */
    @Test
    void twentyThousandItemsStreamThroughWithoutKeepingThem() throws Exception {
        int n = 20_000;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append("{\"id\":").append(i).append(",\"name\":\"item-").append(i).append("\"}\n");
        }
        S3.client().putObject(b -> b.bucket("dm-in").key("many.jsonl"), RequestBody.fromString(lines.toString()));
        String fields = """
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL"},
                  "Parameters": {"Bucket": "dm-in", "Key": "many.jsonl"}},
                "MaxConcurrency": 50,
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "dm-out", "Prefix": "big"}},
                """;
        AtomicInteger children = new AtomicInteger();
        ExecutionResult result;
        try (LocalEngine e = engine(fields, event -> event).resultPartBytes(1024 * 1024)
                .childExecutions(c -> children.incrementAndGet()).build()) {
            result = e.execute("big", json("{}"));
        }
        assertThat(result.status()).as("%s: %s", result.error(), result.cause()).isEqualTo(ExecutionResult.Status.SUCCEEDED);
        assertThat(result.history()).hasSize(8);
        assertThat(children.get()).isEqualTo(n);
        MapRunResult run = result.mapRuns().get(0);
        assertThat(run.itemsSucceeded()).isEqualTo(n);
        assertThat(run.failures()).isEmpty();
        String manifestKey = result.output().get("ResultWriterDetails").get("Key").asText();
        JsonNode manifest = Json.parse(S3.client().getObjectAsBytes(b -> b.bucket("dm-out").key(manifestKey)).asUtf8String());
        JsonNode parts = manifest.get("ResultFiles").get("SUCCEEDED");
        assertThat(parts.size()).isGreaterThan(1);
        long records = 0;
        for (JsonNode part : parts) {
            assertThat(part.get("Size").asLong()).isLessThanOrEqualTo(1024 * 1024);
            records += Json.parse(S3.client().getObjectAsBytes(b -> b.bucket("dm-out").key(part.get("Key").asText()))
                    .asUtf8String()).size();
        }
        assertThat(records).isEqualTo(n);
    }
}
