package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A child execution as the ResultWriter (Map) page shows it in a results file (Transformation
 * NONE): its ARNs, name, status, dates, input and output as JSON text, or error and cause. A failed
 * child takes this form in an inline result array too, the page's note on failed children says.
 */
final class ChildExecutionRecord {

    private ChildExecutionRecord() {
    }

    /**
     * @param result     the child's result, or null for an item that never ran (PENDING)
     * @param identity   the child state machine, {@code <state machine>/<Label>}
     * @param input      the child's input
     */
    static ObjectNode of(ExecutionResult result, StateMachineIdentity identity, JsonNode input) {
        ObjectNode o = Json.emptyObject();
        if (result != null) {
            o.put("ExecutionArn", identity.executionArn(result.name()));
        }
        o.put("Input", Json.compact(input));
        o.putObject("InputDetails").put("Included", true);
        if (result != null) {
            o.put("Name", result.name());
        }
        if (result != null && result.status() == ExecutionResult.Status.SUCCEEDED) {
            o.put("Output", Json.compact(result.output()));
            o.putObject("OutputDetails").put("Included", true);
        }
        if (result != null && result.status() == ExecutionResult.Status.FAILED) {
            o.put("Error", result.error());
            o.put("Cause", result.cause());
        }
        o.put("RedriveCount", 0);
        if (result != null) {
            o.put("StartDate", result.startDate().toString());
        }
        o.put("StateMachineArn", identity.arn());
        o.put("Status", result == null ? "PENDING" : result.status().name());
        if (result != null) {
            o.put("StopDate", result.stopDate().toString());
        }
        return o;
    }
}
