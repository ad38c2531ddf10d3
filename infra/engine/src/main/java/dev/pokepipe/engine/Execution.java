package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.ExecutionFailed;
import dev.pokepipe.engine.EventDetails.ExecutionStarted;
import dev.pokepipe.engine.EventDetails.ExecutionSucceeded;
import dev.pokepipe.engine.StateAction.Step;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** One execution: its identity and context object, its history, its Map totals, and its walk through the states. */
final class Execution {

    private final String name;
    private final JsonNode input;
    private final StateMachineIdentity identity;
    private final EngineClock clock;
    private final StateExecutor states;
    private final Instant start;
    private final History history;
    private final Map<String, MapStats> mapStats = new ConcurrentHashMap<>();
    private final List<MapRunResult> mapRuns = Collections.synchronizedList(new ArrayList<>());
    private final ObjectNode executionContext;

    Execution(String name, JsonNode input, StateMachineIdentity identity, EngineClock clock, StateExecutor states,
              Consumer<HistoryEvent> listener) {
        this.name = name;
        this.input = input;
        this.identity = identity;
        this.clock = clock;
        this.states = states;
        this.history = new History(clock, listener);
        this.start = clock.now();
        executionContext = Json.emptyObject();
        executionContext.put("Id", identity.executionArn(name));
        executionContext.put("Name", name);
        executionContext.set("Input", input);
        executionContext.put("StartTime", start.toString());
        executionContext.put("RoleArn", identity.roleArn());
    }

    /** Runs the definition's top level to its end, or to the error that ends it. */
    ExecutionResult run(Definition definition) {
        return run(definition.top());
    }

    /** Runs {@code scope} as this execution's state machine: the top level, or a Distributed Map's ItemProcessor. */
    ExecutionResult run(StateSpec.Scope scope) {
        history.record(0, new ExecutionStarted(Json.compact(input), identity.roleArn()));
        // The top level's first state follows no event of its lane: its previousEventId stays 0.
        Lane top = new Lane(0);
        try {
            JsonNode output = runScope(scope, input, top);
            history.record(top, new ExecutionSucceeded(Json.compact(output)));
            return new ExecutionResult(name, ExecutionResult.Status.SUCCEEDED, output, null, null, start,
                    clock.now(), history.snapshot(), statsSnapshot(), List.copyOf(mapRuns));
        } catch (StatesError e) {
            history.record(top, new ExecutionFailed(e.error(), e.cause()));
            return new ExecutionResult(name, ExecutionResult.Status.FAILED, null, e.error(), e.cause(), start,
                    clock.now(), history.snapshot(), statsSnapshot(), List.copyOf(mapRuns));
        }
    }

    /** Runs a scope's states from its StartAt until one ends it; returns that state's output. */
    JsonNode runScope(StateSpec.Scope scope, JsonNode data, Lane lane) {
        String current = scope.startAt();
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Aborted();
            }
            Step step = states.execute(this, scope.states().get(current), data, lane);
            if (step.next() == null) {
                return step.output();
            }
            data = step.output();
            current = step.next();
        }
    }

    /** The context object ({@code $$}) of a state entered at {@code entered}; {@code mapItem} may be null. */
    ObjectNode context(StateSpec state, Instant entered, int retryCount, ObjectNode mapItem) {
        ObjectNode ctx = Json.emptyObject();
        ctx.set("Execution", executionContext);
        ObjectNode st = ctx.putObject("State");
        st.put("Name", state.name());
        st.put("EnteredTime", entered.toString());
        st.put("RetryCount", retryCount);
        ObjectNode sm = ctx.putObject("StateMachine");
        sm.put("Id", identity.arn());
        sm.put("Name", identity.name());
        if (mapItem != null) {
            ctx.putObject("Map").set("Item", mapItem);
        }
        return ctx;
    }

    /** A child execution of a Distributed Map: its own history and context object, run by the same states. */
    Execution child(String childName, JsonNode childInput, StateMachineIdentity childIdentity) {
        return new Execution(childName, childInput, childIdentity, clock, states, e -> { });
    }

    StateMachineIdentity identity() {
        return identity;
    }

    /** Adds a Distributed Map's Map Run, once it ended, to what this execution reports. */
    void mapRunEnded(MapRunResult run) {
        mapRuns.add(run);
    }

    History history() {
        return history;
    }

    /** The totals of Map state {@code name}, added up over all its runs in this execution. */
    MapStats mapStats(String name) {
        return mapStats.computeIfAbsent(name, k -> new MapStats());
    }

    private Map<String, ExecutionResult.MapRun> statsSnapshot() {
        Map<String, ExecutionResult.MapRun> out = new HashMap<>();
        mapStats.forEach((k, v) -> out.put(k, v.snapshot()));
        return out;
    }
}
