package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.EventDetails.TaskScheduled;
import dev.pokepipe.engine.EventDetails.TaskStarted;
import dev.pokepipe.engine.EventDetails.TaskSucceeded;

/**
 * Task: one call of its Lambda function, by {@code lambda:invoke} (FunctionName and Payload from
 * Parameters, the result wrapped as the SDK returns it) or by function ARN (the effective input as
 * the event, the result as it is).
 */
final class TaskAction implements StateAction<StateSpec.Task> {

    /** Step Functions keeps at most this much of a failed task's cause in its history. */
    private static final int MAX_CAUSE_CHARS = 32768;
    private static final String RESOURCE_TYPE = "lambda";

    private final TaskInvoker invoker;
    private final String region;
    private final EngineClock clock;

    TaskAction(TaskInvoker invoker, String region, EngineClock clock) {
        this.invoker = invoker;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Step run(StateSpec.Task t, JsonNode raw, Attempt attempt) {
        JsonNode ctx = attempt.context();
        JsonNode effective = t.inputPath().apply(raw, ctx);
        if (t.parameters() != null) {
            effective = t.parameters().evaluate(effective, ctx);
        }
        Payloads.check(effective, "the input of state '" + t.name() + "'");
        String key;
        JsonNode event;
        if (t.lambdaInvoke()) {
            JsonNode fn = effective.get("FunctionName");
            if (fn == null || !fn.isTextual()) {
                throw StatesError.runtime("state '" + t.name() + "': FunctionName must be a string");
            }
            key = fn.textValue();
            event = effective.has("Payload") ? effective.get("Payload") : JsonNodeFactory.instance.objectNode();
        } else {
            key = t.resource();
            event = effective;
        }
        String resource = t.lambdaInvoke() ? "invoke" : t.resource();
        attempt.record(new TaskScheduled(RESOURCE_TYPE, resource, region, effective, t.timeoutSeconds()));
        attempt.record(new TaskStarted(RESOURCE_TYPE, resource));
        JsonNode result;
        try {
            TaskHandler handler = invoker.handler(key);
            result = attempt.timed(() -> invoker.call(handler, event));
        } catch (StatesError e) {
            String cause = e.cause().length() > MAX_CAUSE_CHARS ? e.cause().substring(0, MAX_CAUSE_CHARS) : e.cause();
            TaskFailure failure = StatesError.TIMEOUT.equals(e.error()) ? TaskFailure.TIMED_OUT : TaskFailure.FAILED;
            attempt.record(new TaskFailed(failure, RESOURCE_TYPE, resource, e.error(), cause));
            throw e;
        }
        Payloads.check(result, "the result of state '" + t.name() + "'");
        if (t.lambdaInvoke()) {
            result = LambdaInvokeResult.wrap(result, clock);
        }
        attempt.record(new TaskSucceeded(RESOURCE_TYPE, resource, Json.compact(result)));
        if (t.resultSelector() != null) {
            result = t.resultSelector().evaluate(result, ctx);
        }
        return Step.of(t.outputPath().apply(t.resultPath().apply(raw, result), ctx), t.transition());
    }
}
