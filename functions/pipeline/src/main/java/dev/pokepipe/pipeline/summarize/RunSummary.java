package dev.pokepipe.pipeline.summarize;

import java.util.List;

/**
 * A run's outcome, the study's table and more: counts, every failure by id, each phase's timings,
 * total wall time and throughput. Written to {@code runs/{runId}/summary.json}.
 *
 * @param totalSeconds    first download start to last process end
 * @param imagesPerSecond processed images per second of {@code totalSeconds}
 */
public record RunSummary(String runId, int requested, int downloaded, int processed, int failed,
                         List<Failure> failures, PhaseStats download, PhaseStats process,
                         double totalSeconds, double imagesPerSecond, String startedAt, String finishedAt,
                         String summaryKey) {

    /** The few figures the summarize function returns into the execution's state; the rest is in S3. */
    public Totals totals() {
        return new Totals(runId, requested, downloaded, processed, failed, summaryKey);
    }

    /** A run's counts and where its whole summary is: what the execution ends with, a few hundred bytes at any size. */
    public record Totals(String runId, int requested, int downloaded, int processed, int failed, String summaryKey) {
    }

    /** Why one id did not come out processed. */
    public record Failure(int id, String stage, String error, String cause) {
    }

    /**
     * Timings of one phase's successful invocations.
     *
     * @param wallSeconds first start to last end
     * @param sumSeconds  the invocations' durations added up: the work done
     */
    public record PhaseStats(int count, double wallSeconds, double sumSeconds, long p50Ms, long p95Ms) {
    }
}
