package dev.pokepipe.cli;

import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.pipeline.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pokepipe sample-artwork}: writes the sample origin's generated images to disk, e.g. for benchmarks. */
@Command(name = "sample-artwork",
        description = "Writes generated 475x475 RGBA artwork-like PNGs {id:03d}.png, the same the sample origin serves.",
        mixinStandardHelpOptions = true)
public final class SampleArtworkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out-dir", required = true, paramLabel = "DIR", description = "Where to write the PNGs.")
    Path outDir;

    @Option(names = "--count", defaultValue = "150", paramLabel = "N",
            description = "Write ids 1..N (1-" + RunLayout.MAX_ID + ", default: ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() throws IOException {
        OptionChecks checks = new OptionChecks(spec);
        checks.between("--count", count, 1, RunLayout.MAX_ID);
        checks.createdDirectory("--out-dir", outDir);
        for (int id = 1; id <= count; id++) {
            Files.write(outDir.resolve(RunLayout.fileName(id)), SampleArtwork.png(id));
        }
        spec.commandLine().getOut().printf("wrote %d images to %s%n", count, outDir);
        return 0;
    }
}
