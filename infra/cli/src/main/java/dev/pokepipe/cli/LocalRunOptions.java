package dev.pokepipe.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every local run shares: where the data goes, and the sample origin's latency. */
final class LocalRunOptions {

    @Option(names = "--data-dir", defaultValue = "pokepipe-data",
            description = "Where the embedded storage keeps the objects (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--latency-ms", defaultValue = "400", description = "Sample origin latency (default: ${DEFAULT-VALUE}).")
    long latencyMs;

    @Option(names = "--jitter-ms", defaultValue = "100",
            description = "Sample origin latency jitter, ± (default: ${DEFAULT-VALUE}).")
    long jitterMs;
}
