package dev.pokepipe.pipeline.summarize;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One phase's successful invocations added up as they are read: count, first start, last end, summed
 * durations, and how many took each whole millisecond, from which the percentiles are exact. Memory
 * grows with the distinct durations (a few thousand at most), not with the invocations.
 */
final class PhaseTimes {

    private final TreeMap<Long, Integer> byDuration = new TreeMap<>();
    private int count;
    private long sumMs;
    private Instant first;
    private Instant last;

    void add(Instant start, long durationMs) {
        Instant end = start.plusMillis(durationMs);
        count++;
        sumMs += durationMs;
        byDuration.merge(durationMs, 1, Integer::sum);
        first = first == null || start.isBefore(first) ? start : first;
        last = last == null || end.isAfter(last) ? end : last;
    }

    /** The earliest start, or null if nothing was added. */
    Instant first() {
        return first;
    }

    /** The latest end, or null if nothing was added. */
    Instant last() {
        return last;
    }

    RunSummary.PhaseStats stats() {
        if (count == 0) {
            return new RunSummary.PhaseStats(0, 0, 0, 0, 0);
        }
        return new RunSummary.PhaseStats(count, RunSummarizer.round3(Duration.between(first, last).toMillis() / 1000.0),
                RunSummarizer.round3(sumMs / 1000.0), nearestRank(0.50), nearestRank(0.95));
    }

    /** The nearest-rank percentile: the smallest duration that at least {@code p} of the invocations took at most. */
    long nearestRank(double p) {
        long rank = Math.max(1, (long) Math.ceil(p * count));
        long seen = 0;
        for (Map.Entry<Long, Integer> d : byDuration.entrySet()) {
            seen += d.getValue();
            if (seen >= rank) {
                return d.getKey();
            }
        }
        return byDuration.lastKey();
    }
}
