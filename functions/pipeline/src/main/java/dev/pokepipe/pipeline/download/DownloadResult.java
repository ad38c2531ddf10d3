package dev.pokepipe.pipeline.download;

import dev.pokepipe.pipeline.outcome.StageOutcomes;

/**
 * What the download function returns: where the original now is, its size, and when the work ran.
 *
 * @param startedAt ISO-8601 instant the invocation's work started
 */
public record DownloadResult(int id, String key, long bytes, String startedAt, long durationMs)
        implements StageOutcomes.Outcome {
}
