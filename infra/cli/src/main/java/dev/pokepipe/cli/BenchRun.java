package dev.pokepipe.cli;

import dev.pokepipe.local.RunOutcome;

import java.util.OptionalDouble;

/**
 * One of the bench's two runs.
 *
 * @param outcome        how the run ended, with its summary
 * @param processSeconds with {@code --cold}, the wall time of the run's own JVM from its start to its exit;
 *                       empty when it ran in the bench's process
 */
record BenchRun(RunOutcome outcome, OptionalDouble processSeconds) {
}
