package dev.pokepipe.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** When a local pipeline starts priming its transform: with itself, when told its first run's ids, so the vectors compile sooner. */
class LocalPipelinePrimingTest {

    private static final URI NO_ORIGIN = URI.create("http://127.0.0.1:9/");

    @TempDir
    Path dataDir;

    private boolean primesAtStart(LocalPipeline.Settings settings) {
        try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
            return pipeline.primingStarted();
        }
    }

    @Test
    void aLargeFirstRunIsPrimedForAsThePipelineStarts() {
        assertThat(primesAtStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN).withFirstRunIds(150))).isTrue();
    }

    @Test
    void aFirstRunNoWiderThanTheNarrowestMapIsNot() {
        assertThat(primesAtStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN).withFirstRunIds(8)))
                .as("its images run the plain loops").isFalse();
    }

    @Test
    void withoutTheFirstRunsIdsThePrimingWaitsForTheRun() {
        assertThat(primesAtStart(LocalPipeline.Settings.of(dataDir, NO_ORIGIN))).isFalse();
    }
}
