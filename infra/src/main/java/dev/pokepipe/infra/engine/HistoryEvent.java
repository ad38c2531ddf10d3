package dev.pokepipe.infra.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One event of an execution history, in the shape of Step Functions' {@code GetExecutionHistory}
 * (asl-subset.md section 7).
 *
 * @param details the type's details object (e.g. {@code taskScheduledEventDetails}), or null
 */
public record HistoryEvent(long id, Instant timestamp, String type, long previousEventId, String detailsName,
                           ObjectNode details) {

    /** The event as the API returns it. */
    public ObjectNode toJson() {
        ObjectNode o = Json.emptyObject();
        o.put("id", id);
        o.put("timestamp", timestamp.toEpochMilli() / 1000.0);
        o.put("type", type);
        o.put("previousEventId", previousEventId);
        if (details != null) {
            o.set(detailsName, details);
        }
        return o;
    }
}
