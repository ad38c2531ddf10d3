package dev.pokepipe.cli;

import dev.pokepipe.local.origin.SampleOrigin;
import picocli.CommandLine.Option;

import java.util.HashSet;
import java.util.Set;

/** The faults a local run's sample origin injects: missing ids, errors, slow answers and corrupt images. */
final class SampleFaultOptions {

    @Option(names = "--not-found-ids", paramLabel = "LIST", split = ",",
            description = "Sample origin: these ids answer 404.")
    Set<Integer> notFoundIds = new HashSet<>();

    @Option(names = "--error-rate", defaultValue = "0", description = "Sample origin: share of requests answered 500.")
    double errorRate;

    @Option(names = "--slow-rate", defaultValue = "0", description = "Sample origin: share of requests slower than --slow-ms.")
    double slowRate;

    @Option(names = "--slow-ms", defaultValue = "30000", description = "Sample origin: how slow a slow answer is (default: ${DEFAULT-VALUE}).")
    long slowMs;

    @Option(names = "--corrupt-rate", defaultValue = "0", description = "Sample origin: share of ids served as a truncated PNG.")
    double corruptRate;

    @Option(names = "--seed", defaultValue = "1", description = "Sample origin: seed of the injected faults.")
    long seed;

    /**
     * The sample origin's settings with these faults.
     *
     * @throws IllegalArgumentException if a rate or a duration is out of range
     */
    SampleOrigin.Settings settings(long latencyMs, long jitterMs) {
        return new SampleOrigin.Settings(latencyMs, jitterMs, notFoundIds, errorRate, slowRate, slowMs, corruptRate, seed);
    }
}
