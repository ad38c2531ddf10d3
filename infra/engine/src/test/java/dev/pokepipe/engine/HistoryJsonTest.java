package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.pokepipe.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed events against the fields of GetExecutionHistory's HistoryEvent, both ways. */
class HistoryJsonTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:01.250Z");

    /** The compact text of {@code json}: compared as text, field order and number forms count too. */
    private static String text(String json) {
        return json(json).toString();
    }

    private static ObjectNode serialized(EventDetails details) {
        return new HistoryEvent(7, AT, 6, details).toJson();
    }

    @Test
    void writesTheEnvelopeFieldsOfTheApi() {
        assertThat(serialized(new EventDetails.MapStateSucceeded()).toString()).isEqualTo(text(
                "{\"id\":7,\"timestamp\":1767225601.25,\"type\":\"MapStateSucceeded\",\"previousEventId\":6}"));
    }

    @Test
    void stateEventsShareStateEnteredAndExitedDetailsWhateverTheirType() {
        assertThat(serialized(new EventDetails.StateEntered(StateType.MAP, "M", "{\"a\":1}")).toString()).isEqualTo(text(
                "{\"id\":7,\"timestamp\":1767225601.25,\"type\":\"MapStateEntered\",\"previousEventId\":6,"
                        + "\"stateEnteredEventDetails\":{\"name\":\"M\",\"input\":\"{\\\"a\\\":1}\","
                        + "\"inputDetails\":{\"truncated\":false}}}"));
        assertThat(serialized(new EventDetails.StateExited(StateType.PASS, "P", "2")).toString()).isEqualTo(text(
                "{\"id\":7,\"timestamp\":1767225601.25,\"type\":\"PassStateExited\",\"previousEventId\":6,"
                        + "\"stateExitedEventDetails\":{\"name\":\"P\",\"output\":\"2\","
                        + "\"outputDetails\":{\"truncated\":false}}}"));
    }

    @Test
    void taskScheduledCarriesItsParametersAsCompactJsonText() {
        ObjectNode o = serialized(new EventDetails.TaskScheduled("lambda", "invoke", "eu-west-1",
                json("{\"FunctionName\":\"f\",\"Payload\":{\"id\":25}}"), 30));
        assertThat(o.get("taskScheduledEventDetails").toString()).isEqualTo(text("{\"resourceType\":\"lambda\","
                + "\"resource\":\"invoke\",\"region\":\"eu-west-1\","
                + "\"parameters\":\"{\\\"FunctionName\\\":\\\"f\\\",\\\"Payload\\\":{\\\"id\\\":25}}\","
                + "\"timeoutInSeconds\":30}"));
        assertThat(serialized(new EventDetails.TaskScheduled("lambda", "invoke", "r", json("{}"), null))
                .get("taskScheduledEventDetails").has("timeoutInSeconds")).isFalse();
    }

    @Test
    void taskFailuresAreNamedByHowTheyFailed() {
        ObjectNode timedOut = serialized(new EventDetails.TaskFailed(TaskFailure.TIMED_OUT, "lambda", "invoke",
                "States.Timeout", "slow"));
        assertThat(timedOut.get("type").asText()).isEqualTo("TaskTimedOut");
        assertThat(timedOut.get("taskTimedOutEventDetails").toString()).isEqualTo(text("{\"resourceType\":\"lambda\","
                + "\"resource\":\"invoke\",\"error\":\"States.Timeout\",\"cause\":\"slow\"}"));
        assertThat(serialized(new EventDetails.TaskFailed(TaskFailure.FAILED, "lambda", "invoke", "E", "C"))
                .has("taskFailedEventDetails")).isTrue();
    }

    @Test
    void executionAndMapDetailsUseTheirTypesDetailsName() {
        assertThat(serialized(new EventDetails.ExecutionStarted("{}", "arn:role")).get("executionStartedEventDetails"))
                .isEqualTo(json("{\"input\":\"{}\",\"inputDetails\":{\"truncated\":false},\"roleArn\":\"arn:role\"}"));
        assertThat(serialized(new EventDetails.ExecutionFailed("E", "C")).get("executionFailedEventDetails"))
                .isEqualTo(json("{\"error\":\"E\",\"cause\":\"C\"}"));
        assertThat(serialized(new EventDetails.MapStateStarted(3)).get("mapStateStartedEventDetails"))
                .isEqualTo(json("{\"length\":3}"));
        assertThat(serialized(new EventDetails.MapIterationAborted("M", 2)).get("mapIterationAbortedEventDetails"))
                .isEqualTo(json("{\"name\":\"M\",\"index\":2}"));
    }

    @Test
    void mapRunEventsCarryTheArnOrTheErrorAndReadBack() {
        assertThat(serialized(new EventDetails.MapRunStarted("arn:run")).get("mapRunStartedEventDetails"))
                .isEqualTo(json("{\"mapRunArn\":\"arn:run\"}"));
        assertThat(serialized(new EventDetails.MapRunFailed("E", "C")).get("mapRunFailedEventDetails"))
                .isEqualTo(json("{\"error\":\"E\",\"cause\":\"C\"}"));
        assertThat(serialized(new EventDetails.MapRunSucceeded()).has("mapRunSucceededEventDetails")).isFalse();
        List<HistoryEvent> history = List.of(new HistoryEvent(1, AT, 0, new EventDetails.MapRunStarted("arn:run")),
                new HistoryEvent(2, AT, 1, new EventDetails.MapRunFailed("E", "C")),
                new HistoryEvent(3, AT, 1, new EventDetails.MapRunSucceeded()));
        assertThat(HistoryJson.read(HistoryJson.toJson(history))).isEqualTo(history);
    }

    @Test
    void readsBackWhatItWrites() {
        List<HistoryEvent> history = List.of(
                new HistoryEvent(1, AT, 0, new EventDetails.ExecutionStarted("{\"x\":1}", "arn:role")),
                new HistoryEvent(2, AT, 0, new EventDetails.StateEntered(StateType.TASK, "T", "{\"x\":1}")),
                new HistoryEvent(3, AT, 2, new EventDetails.TaskScheduled("lambda", "invoke", "r",
                        json("{\"Payload\":{\"id\":4}}"), null)),
                new HistoryEvent(4, AT, 3, new EventDetails.TaskStarted("lambda", "invoke")),
                new HistoryEvent(5, AT, 4, new EventDetails.TaskFailed(TaskFailure.FAILED, "lambda", "invoke", "E",
                        "C")),
                new HistoryEvent(6, AT, 5, new EventDetails.MapIterationSucceeded("M", 0)),
                new HistoryEvent(7, AT, 6, new EventDetails.ExecutionSucceeded("1")));

        assertThat(HistoryJson.read(HistoryJson.toJson(history))).isEqualTo(history);
    }

    @Test
    void keepsEventTypesTheEngineNeverEmitsAsTheyCame() {
        String event = "{\"id\":3,\"timestamp\":1767225601.25,\"type\":\"LambdaFunctionScheduled\","
                + "\"previousEventId\":2,\"lambdaFunctionScheduledEventDetails\":{\"resource\":\"arn:fn\"}}";

        List<HistoryEvent> read = HistoryJson.read(json("[" + event + "]"));

        assertThat(read.get(0).details()).isInstanceOf(EventDetails.Other.class);
        assertThat(read.get(0).toJson().toString()).isEqualTo(text(event));
    }

    @Test
    void parsesTaskScheduledParametersOnceAndToleratesTextThatIsNotJson() {
        String good = "{\"id\":1,\"timestamp\":1,\"type\":\"TaskScheduled\",\"taskScheduledEventDetails\":"
                + "{\"parameters\":\"{\\\"Payload\\\":{\\\"id\\\":9}}\"}}";
        String bad = good.replace("{\\\"Payload\\\":{\\\"id\\\":9}}", "not json");

        EventDetails.TaskScheduled parsed = (EventDetails.TaskScheduled) HistoryJson.read(json("[" + good + "]"))
                .get(0).details();
        EventDetails.TaskScheduled unparsed = (EventDetails.TaskScheduled) HistoryJson.read(json("[" + bad + "]"))
                .get(0).details();

        assertThat(parsed.parameters().path("Payload").path("id").asInt()).isEqualTo(9);
        assertThat(unparsed.parameters().isMissingNode()).isTrue();
    }

    @Test
    void refusesAnEventWithoutANumericTimestamp() {
        assertThatThrownBy(() -> HistoryJson.read(json("[{\"id\":1,\"type\":\"ExecutionStarted\"}]")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
    }
}
