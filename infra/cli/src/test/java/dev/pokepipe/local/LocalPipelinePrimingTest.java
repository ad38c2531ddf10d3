package dev.pokepipe.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a local pipeline starts priming its process function (with itself, when told its first run's
 * ids, so the vectors compile sooner) and what the priming leaves behind: nothing.
 */
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

    @Test
    void thePrimingRunsWholeProcessInvocationsInABucketOfItsOwnAndRemovesIt() throws Exception {
        Path primingBucket = dataDir.resolve(InvocationPriming.BUCKET);
        Path output = primingBucket.resolve("runs/priming/processed/001.png");
        try (LocalPipeline pipeline = LocalPipeline.start(LocalPipeline.Settings.of(dataDir, NO_ORIGIN)
                .withFirstRunIds(150))) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(output) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(output).as("an invocation read the original and wrote its output through S3").exists();
        }
        assertThat(primingBucket).as("removed once the pipeline closed").doesNotExist();
        try (Stream<Path> left = Files.walk(dataDir.resolve(LocalPipeline.BUCKET))) {
            assertThat(left.filter(Files::isRegularFile)).as("no object in the runs' bucket").isEmpty();
        }
    }
}
