package dev.pokepipe.pipeline.prepare;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The prepare function's event: the run, its bucket, and the execution input as it was given,
 * {@code {"count": N}} or {@code {"ids": [...]}}, which the definition passes from {@code $$.Execution.Input}
 * so that no state carries the ids.
 */
public record PrepareRequest(String runId, String bucket, JsonNode input) {
}
