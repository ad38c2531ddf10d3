package dev.pokepipe.local;

import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import dev.pokepipe.transform.TransformWarmup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundPrimingTest {

    private static final ImageTransform TRANSFORM = PipelineSettings.defaults().withTransformThreads(1).newTransform();

    @Test
    void runsOnItsOwnThreadUntilStoppedThenEndsAfterTheTransformInProgress() throws InterruptedException {
        BackgroundPriming priming = BackgroundPriming.start(stopped -> TransformWarmup.run(TRANSFORM, 10_000, stopped) + " transforms");

        assertThat(priming.awaitEnd(Duration.ofMillis(200))).as("still priming: start returned at once").isFalse();
        priming.stop();
        assertThat(priming.awaitEnd(Duration.ofSeconds(30))).as("ended once stopped").isTrue();
    }

    @Test
    void aPrimingThatFailsEndsQuietlyWithoutAnUncaughtException() throws InterruptedException {
        ImageTransform tooSmall = new ImageTransform(new PngDecoder(100), new PngEncoder());
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            BackgroundPriming priming = BackgroundPriming.start(stopped -> TransformWarmup.run(tooSmall, 3, stopped) + " transforms");
            assertThat(priming.awaitEnd(Duration.ofSeconds(30))).isTrue();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).as("nothing reaches the terminal as a stack trace").isEmpty();
    }

    @Test
    void noPrimingHasNothingToWaitFor() throws InterruptedException {
        BackgroundPriming.NONE.close();
        assertThat(BackgroundPriming.NONE.awaitEnd(Duration.ZERO)).isTrue();
    }
}
