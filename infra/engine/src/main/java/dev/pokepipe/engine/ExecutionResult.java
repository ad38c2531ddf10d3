package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How an execution ended: its output or error, its history, and what each Map did.
 *
 * @param maps    per Map state name: items run and the most iterations ever in flight at once
 * @param mapRuns each Map Run of a Distributed Map, in the order they ended
 */
public record ExecutionResult(String name, Status status, JsonNode output, String error, String cause,
                              Instant startDate, Instant stopDate, List<HistoryEvent> history,
                              Map<String, MapRun> maps, List<MapRunResult> mapRuns) {

    public enum Status { SUCCEEDED, FAILED }

    /** One Map state's totals over the execution. */
    public record MapRun(int items, int peakConcurrency) {
    }

    /** The history as {@code GetExecutionHistory} returns it: {@code {"events": [...]}}. */
    public ObjectNode historyJson() {
        return HistoryJson.toJson(history);
    }
}
