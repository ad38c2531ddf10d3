package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.run.RunInput;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One local run as {@code pokepipe run} makes it: the sample origin started and its images
 * rendered if asked, then the definition in the local engine on the embedded storage.
 *
 * @param origin        the origin to fetch from, or null to start the sample origin with {@code sample}
 * @param sample        the sample origin's settings, used when {@code origin} is null
 * @param dataDir       where the embedded storage keeps the objects
 * @param originTimeout the timeout of one origin request
 * @param sequential    whether every Map runs at {@code MaxConcurrency} 1 (the bench's baseline)
 */
record LocalRun(URI origin, SampleOrigin.Settings sample, Path dataDir, Duration originTimeout, boolean sequential) {

    /** Runs {@code input} as {@code runId}, telling on {@code err} where it runs. */
    RunOutcome execute(String runId, JsonNode input, PrintWriter err) throws IOException {
        SampleOrigin sampleOrigin = null;
        try {
            URI originUrl = origin;
            if (origin == null) {
                sampleOrigin = SampleOrigin.start(sample, 0);
                originUrl = sampleOrigin.baseUrl();
                err.println("pokepipe: rendering the sample images...");
                err.flush();
                sampleOrigin.prepare(RunInput.idsOf(input));
            }
            LocalPipeline.Settings settings = LocalPipeline.Settings.of(dataDir, originUrl)
                    .withOriginTimeout(originTimeout).withFirstRunIds(RunInput.idsOf(input).size());
            err.printf("pokepipe: run %s, origin %s%s%s, data in %s%n", runId, originUrl,
                    origin == null ? " (sample origin)" : "", sequential ? ", every Map at MaxConcurrency 1" : "",
                    dataDir.toAbsolutePath());
            err.flush();
            String definition = sequential ? SequentialBaseline.of(LocalPipeline.definitionText())
                    : LocalPipeline.definitionText();
            try (LocalPipeline pipeline = LocalPipeline.start(settings, definition)) {
                ProgressReporter progress = ProgressReporter.onStderr();
                return pipeline.execute(runId, input, progress, progress::childEnded);
            }
        } finally {
            if (sampleOrigin != null) {
                sampleOrigin.close();
            }
        }
    }
}
