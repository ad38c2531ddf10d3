package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One event of an execution history: where it sits in the history and what it says.
 *
 * @param previousEventId the event before it in its own thread of execution (the top level or one
 *                        Map iteration), 0 for the first
 */
public record HistoryEvent(long id, Instant timestamp, long previousEventId, EventDetails details) {

    /** The event type as {@code GetExecutionHistory} names it, e.g. {@code TaskScheduled}. */
    public String type() {
        return HistoryJson.type(details);
    }

    /** The event as {@code GetExecutionHistory} returns it. */
    public ObjectNode toJson() {
        return HistoryJson.toJson(this);
    }
}
