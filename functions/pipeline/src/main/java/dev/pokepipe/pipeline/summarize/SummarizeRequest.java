package dev.pokepipe.pipeline.summarize;

import dev.pokepipe.pipeline.outcome.StageOutcome;

import java.util.List;

/**
 * The summarize function's event: the run, and every item's outcome from both Maps. Each requested
 * id has exactly one download outcome; each downloaded id should have one process outcome.
 */
public record SummarizeRequest(String runId, String bucket, List<StageOutcome> downloads,
                               List<StageOutcome> processes) {
}
