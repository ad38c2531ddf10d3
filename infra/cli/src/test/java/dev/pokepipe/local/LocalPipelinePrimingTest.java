package dev.pokepipe.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a local pipeline begins priming its process function: with itself for a first run of one wave
 * of downloads (whose short wait would leave the priming no time), else not before the run's downloads.
 */
class LocalPipelinePrimingTest {

    private static final URI NO_ORIGIN = URI.create("http://127.0.0.1:9/");

    @TempDir
    Path dataDir;

    private boolean primingAfterStart(LocalPipeline.Settings settings) {
        try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
            return pipeline.priming();
        }
    }

    @Test
    void aFirstRunOfOneDownloadWaveIsPrimedForAsThePipelineStarts() {
        assertThat(primingAfterStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN).withFirstRunIds(12))).isTrue();
    }

    @Test
    void aLargerFirstRunIsPrimedForOnlyOnceItsDownloadsBegin() {
        assertThat(primingAfterStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN).withFirstRunIds(150))).isFalse();
    }

    @Test
    void aFirstRunNoWiderThanTheNarrowestMapIsNotPrimedFor() {
        assertThat(primingAfterStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN).withFirstRunIds(8)))
                .as("its images run the plain loops").isFalse();
    }

    @Test
    void withoutTheFirstRunsIdsThePrimingWaitsForTheRun() {
        assertThat(primingAfterStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN))).isFalse();
    }
}
