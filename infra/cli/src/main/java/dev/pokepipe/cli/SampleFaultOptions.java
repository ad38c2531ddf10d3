package dev.pokepipe.cli;

import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.run.RunLayout;
import picocli.CommandLine.Option;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The faults a local run's sample origin injects: missing ids, errors, slow answers and corrupt images. */
final class SampleFaultOptions {

    /** Every option here, for refusing them where no sample origin runs. */
    static final List<String> NAMES = List.of("--not-found-ids", "--error-rate", "--slow-rate", "--slow-ms",
            "--corrupt-rate", "--seed");

    @Option(names = "--not-found-ids", paramLabel = "LIST", split = ",",
            description = "Sample origin: these ids answer 404.")
    Set<Integer> notFoundIds = new HashSet<>();

    @Option(names = "--error-rate", defaultValue = "0", description = "Sample origin: share of requests answered 500 (0-1).")
    double errorRate;

    @Option(names = "--slow-rate", defaultValue = "0",
            description = "Sample origin: share of requests slower than --slow-ms (0-1).")
    double slowRate;

    /** A slow answer's default: 10 s beyond the default origin timeout. */
    static final long DEFAULT_SLOW_MS = 30_000;
    /** How much longer than the origin timeout a slow answer takes by default. */
    static final long SLOW_BEYOND_TIMEOUT_MS = 10_000;

    // No defaultValue: the default follows --origin-timeout-ms, so that a slow answer still times out.
    @Option(names = "--slow-ms", description = "Sample origin: how slow a slow answer is (default: 30000, or 10000 "
            + "beyond a longer --origin-timeout-ms).")
    Long slowMs;

    @Option(names = "--corrupt-rate", defaultValue = "0",
            description = "Sample origin: share of ids served as a broken image (0-1).")
    double corruptRate;

    @Option(names = "--seed", defaultValue = "1", description = "Sample origin: seed of the injected faults.")
    long seed;

    /** Each value checked against its range. */
    void check(OptionChecks checks) {
        for (int id : notFoundIds) {
            checks.between("--not-found-ids", id, 1, RunLayout.MAX_ID);
        }
        checks.share("--error-rate", errorRate);
        checks.share("--slow-rate", slowRate);
        checks.share("--corrupt-rate", corruptRate);
        if (slowMs != null) {
            checks.atLeast("--slow-ms", slowMs, 0);
        }
    }

    /** The sample origin's settings with these faults, once {@link #check checked}. */
    SampleOrigin.Settings settings(long latencyMs, long jitterMs, long originTimeoutMs) {
        return new SampleOrigin.Settings(latencyMs, jitterMs, notFoundIds, errorRate, slowRate, slowMs(originTimeoutMs),
                corruptRate, seed);
    }

    /** The slowness given, else one that outlasts the origin timeout, as a slow answer is meant to. */
    long slowMs(long originTimeoutMs) {
        return slowMs != null ? slowMs : Math.max(DEFAULT_SLOW_MS, originTimeoutMs + SLOW_BEYOND_TIMEOUT_MS);
    }
}
