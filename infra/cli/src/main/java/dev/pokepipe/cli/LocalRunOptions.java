package dev.pokepipe.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every local run shares: where the data goes, and the sample origin's latency. */
final class LocalRunOptions {

    /** The study's jitter, used unless the latency is smaller. */
    static final long DEFAULT_JITTER_MS = 100;

    @Option(names = "--data-dir", defaultValue = "pokepipe-data",
            description = "Where the embedded storage keeps the objects (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--latency-ms", defaultValue = "400", description = "Sample origin latency (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    // No defaultValue: the default follows the latency, so a latency under 100 ms works on its own.
    @Option(names = "--jitter-ms", description = "Sample origin latency jitter, ± (default: 100, or the latency if smaller).")
    Long jitterMs;

    /** Checks the data directory (a directory, or not there yet), the latency and a given jitter. */
    void check(OptionChecks checks) {
        checks.directoryOrAbsent("--data-dir", dataDir);
        checks.atLeast("--latency-ms", latencyMs, 0);
        if (jitterMs != null && (jitterMs < 0 || jitterMs > latencyMs)) {
            throw checks.refuse("--jitter-ms must be from 0 to the latency (--latency-ms " + latencyMs + "), got "
                    + jitterMs);
        }
    }

    /** The jitter given, else the default cut to the latency: an answer never comes before it is asked. */
    long jitter() {
        return jitterMs != null ? jitterMs : Math.min(DEFAULT_JITTER_MS, latencyMs);
    }
}
