package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.EngineFixture.TestClock;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.EventDetails.TaskScheduled;
import dev.pokepipe.engine.EventDetails.TaskStarted;
import dev.pokepipe.engine.EventDetails.TaskSucceeded;
import dev.pokepipe.engine.StateAction.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.pokepipe.engine.EngineFixture.json;
import static dev.pokepipe.engine.EngineFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Task action's call and its events (the anchor: aws-local-stepfunctions' TaskStateAction tests). */
class TaskActionTest {

    private static final String FN = "arn:aws:lambda:us-east-1:1:function:f";

    private final TestClock clock = new TestClock();
    private final List<HistoryEvent> events = new ArrayList<>();

    private Step run(String taskFields, String input, TaskHandler handler, String key) {
        StateSpec.Task t = (StateSpec.Task) state("T", "{\"T\":{\"Type\":\"Task\"," + taskFields + "\"End\":true}}");
        Execution run = EngineFixture.execution(EngineFixture.executor(clock, EngineFixture.THREADS, Map.of()), clock,
                events);
        TaskAction action = new TaskAction(new TaskInvoker(Map.of(key, handler)), "eu-west-1", clock);
        return action.run(t, json(input), new Attempt(run, t, clock.now(), 0, new Lane(0),
                new TimeLimit(EngineFixture.THREADS)));
    }

    @Test
    void aFunctionArnGetsTheEffectiveInputAndItsResultGoesToResultPath() {
        List<JsonNode> received = new ArrayList<>();
        Step step = run("\"Resource\":\"" + FN + "\",\"InputPath\":\"$.in\",\"ResultPath\":\"$.r\",", "{\"in\":{\"a\":1}}",
                e -> {
                    received.add(e);
                    return json("{\"ok\":true}");
                }, FN);

        assertThat(received).containsExactly(json("{\"a\":1}"));
        assertThat(step.output()).isEqualTo(json("{\"in\":{\"a\":1},\"r\":{\"ok\":true}}"));
        assertThat(events).extracting(HistoryEvent::details).containsExactly(
                new TaskScheduled("lambda", FN, "eu-west-1", json("{\"a\":1}"), null),
                new TaskStarted("lambda", FN),
                new TaskSucceeded("lambda", FN, "{\"ok\":true}"));
    }

    @Test
    void lambdaInvokeCallsFunctionNameWithPayloadAndWrapsTheResult() {
        Step step = run("\"Resource\":\"arn:aws:states:::lambda:invoke\","
                        + "\"Parameters\":{\"FunctionName\":\"fn\",\"Payload.$\":\"$\"},\"ResultSelector\":{\"p.$\":\"$.Payload\","
                        + "\"s.$\":\"$.StatusCode\"},", "{\"id\":3}",
                e -> json("{\"got\":" + e.get("id").asInt() + "}"), "fn");

        assertThat(step.output()).isEqualTo(json("{\"p\":{\"got\":3},\"s\":200}"));
        TaskScheduled scheduled = (TaskScheduled) events.get(0).details();
        assertThat(scheduled.resource()).isEqualTo("invoke");
        assertThat(scheduled.parameters()).isEqualTo(json("{\"FunctionName\":\"fn\",\"Payload\":{\"id\":3}}"));
    }

    @Test
    void aThrowingHandlerFailsWithItsErrorTypeAndLambdasErrorDocument() {
        assertThatThrownBy(() -> run("\"Resource\":\"" + FN + "\",", "{}", e -> {
            throw new TaskHandler.FunctionError("Custom.Error", "went wrong");
        }, FN)).isInstanceOfSatisfying(StatesError.class, e -> {
            assertThat(e.error()).isEqualTo("Custom.Error");
            assertThat(json(e.cause()).get("errorMessage").asText()).isEqualTo("went wrong");
        });
        TaskFailed failed = (TaskFailed) events.get(events.size() - 1).details();
        assertThat(failed.failure()).isEqualTo(TaskFailure.FAILED);
        assertThat(failed.error()).isEqualTo("Custom.Error");
    }

    @Test
    void anUnknownFunctionFailsAfterBeingScheduled() {
        assertThatThrownBy(() -> run("\"Resource\":\"" + FN + "\",", "{}", e -> e, "someone-else"))
                .extracting(e -> ((StatesError) e).error()).isEqualTo("Lambda.ResourceNotFoundException");
        assertThat(events).extracting(HistoryEvent::type).containsExactly("TaskScheduled", "TaskStarted",
                "TaskFailed");
    }

    @Test
    void aTimeoutIsRecordedAsTaskTimedOut() {
        assertThatThrownBy(() -> run("\"Resource\":\"" + FN + "\",\"TimeoutSeconds\":1,", "{}", e -> {
            Thread.sleep(5_000);
            return e;
        }, FN)).extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.TIMEOUT);
        TaskFailed failed = (TaskFailed) events.get(events.size() - 1).details();
        assertThat(failed.failure()).isEqualTo(TaskFailure.TIMED_OUT);
        assertThat(((TaskScheduled) events.get(0).details()).timeoutInSeconds()).isEqualTo(1);
    }
}
