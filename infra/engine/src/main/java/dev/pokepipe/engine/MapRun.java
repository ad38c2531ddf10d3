package dev.pokepipe.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The counts of one Map Run while it runs, and the tolerated-failure rule that decides when it has
 * failed: more failed items than ToleratedFailureCount, or a larger share of all items than
 * ToleratedFailurePercentage; with neither field, any failure.
 */
final class MapRun {

    /** Failed children kept with their histories for the caller; more would make memory grow with failures. */
    static final int KEPT_FAILURES = 100;

    private final String stateName;
    private final String arn;
    private final DistributedConfig config;
    private final List<ExecutionResult> failures = new ArrayList<>();
    private long total;
    private long succeeded;
    private long failed;
    private long pending;
    private int inFlight;
    private int peak;
    private boolean allRead;

    MapRun(String stateName, String arn, DistributedConfig config) {
        this.stateName = stateName;
        this.arn = arn;
        this.config = config;
    }

    String arn() {
        return arn;
    }

    synchronized void read(int items) {
        total += items;
    }

    /** No more items will be read: the percentage can now be judged against the final total. */
    synchronized void allRead() {
        allRead = true;
    }

    synchronized void pending(int items) {
        pending += items;
    }

    synchronized void started() {
        peak = Math.max(peak, ++inFlight);
    }

    /** Counts a child that ended; {@code items} is its batch size. */
    synchronized void ended(ExecutionResult child, int items) {
        inFlight--;
        if (child.status() == ExecutionResult.Status.SUCCEEDED) {
            succeeded += items;
        } else {
            failed += items;
            if (failures.size() < KEPT_FAILURES) {
                failures.add(child);
            }
        }
    }

    /**
     * Whether the failures so far already exceed the tolerance. Before every item is read the
     * percentage is judged against the items read so far only once it could no longer come back
     * under: a running share could fall as more items succeed, so it waits for the total.
     */
    synchronized boolean exceeded() {
        boolean anyTolerance = config.toleratedPercentage() != null || config.toleratedCount() != null;
        if (!anyTolerance) {
            return failed > 0;
        }
        if (config.toleratedCount() != null && failed > config.toleratedCount()) {
            return true;
        }
        return config.toleratedPercentage() != null && allRead && total > 0
                && failed * 100.0 / total > config.toleratedPercentage();
    }

    synchronized String thresholdCause() {
        return "The Map Run " + arn + " failed: " + failed + " of " + total + " items failed, more than tolerated"
                + (config.toleratedCount() != null ? " (ToleratedFailureCount " + config.toleratedCount() + ")" : "")
                + (config.toleratedPercentage() != null
                ? " (ToleratedFailurePercentage " + config.toleratedPercentage() + ")" : "");
    }

    synchronized MapRunResult result(ExecutionResult.Status status) {
        return new MapRunResult(stateName, arn, status, total, succeeded, failed, pending, peak, List.copyOf(failures));
    }
}
