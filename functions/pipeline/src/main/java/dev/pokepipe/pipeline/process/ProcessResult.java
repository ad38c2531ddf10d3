package dev.pokepipe.pipeline.process;

import dev.pokepipe.pipeline.outcome.StageOutcomes;

/**
 * What the process function returns: where the transformed image is, its size in bytes and pixels,
 * and when the work ran.
 *
 * @param startedAt ISO-8601 instant the invocation's work started
 */
public record ProcessResult(int id, String key, long bytes, int width, int height, String startedAt,
                            long durationMs) implements StageOutcomes.Outcome {
}
