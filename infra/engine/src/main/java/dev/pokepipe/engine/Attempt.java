package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.function.Supplier;

/** One attempt at a state as its {@link StateAction} sees it: the context object, the lane to record on, time limits. */
final class Attempt {

    private final Execution run;
    private final StateSpec state;
    private final Instant enteredAt;
    private final int retryCount;
    private final Lane lane;
    private final TimeLimit timeLimit;

    Attempt(Execution run, StateSpec state, Instant enteredAt, int retryCount, Lane lane, TimeLimit timeLimit) {
        this.run = run;
        this.state = state;
        this.enteredAt = enteredAt;
        this.retryCount = retryCount;
        this.lane = lane;
        this.timeLimit = timeLimit;
    }

    /** The context object ({@code $$}) of this attempt. */
    ObjectNode context() {
        return run.context(state, enteredAt, retryCount, null);
    }

    /** The context object of one Map iteration's ItemSelector, with {@code $$.Map.Item}. */
    ObjectNode context(ObjectNode mapItem) {
        return run.context(state, enteredAt, retryCount, mapItem);
    }

    /** Records an event as the next of this attempt's lane. */
    void record(EventDetails details) {
        run.history().record(lane, details);
    }

    /** Runs {@code work} within the state's TimeoutSeconds, if it has one. */
    JsonNode timed(Supplier<JsonNode> work) {
        return timeLimit.within(state.timeoutSeconds(), work);
    }

    Execution run() {
        return run;
    }

    Lane lane() {
        return lane;
    }
}
