package dev.pokepipe.local;

import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.transform.ImageTransform;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundPrimingTest {

    private static final ImageTransform TRANSFORM = PipelineSettings.defaults().withTransformThreads(1).newTransform();

    @Test
    void runsOnItsOwnThreadUntilStoppedThenEndsAfterTheTransformInProgress() throws InterruptedException {
        BackgroundPriming priming = BackgroundPriming.start(TRANSFORM, 10_000);

        assertThat(priming.awaitEnd(Duration.ofMillis(200))).as("still priming: start returned at once").isFalse();
        priming.stop();
        assertThat(priming.awaitEnd(Duration.ofSeconds(30))).as("ended once stopped").isTrue();
    }

    @Test
    void noPrimingHasNothingToWaitFor() throws InterruptedException {
        BackgroundPriming.NONE.close();
        assertThat(BackgroundPriming.NONE.awaitEnd(Duration.ZERO)).isTrue();
    }
}
