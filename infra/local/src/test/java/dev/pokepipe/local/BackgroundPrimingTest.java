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
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class BackgroundPrimingTest {

    private static final ImageTransform TRANSFORM = PipelineSettings.defaults().withTransformThreads(1).newTransform();

    @Test
    void beginsOnlyWhenToldThenRunsOnItsOwnThreadUntilStopped() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        BackgroundPriming priming = BackgroundPriming.of(stopped -> {
            calls.incrementAndGet();
            return TransformWarmup.run(TRANSFORM, 10_000, stopped) + " transforms";
        });
        Thread.sleep(100);
        assertThat(calls).as("nothing before begin()").hasValue(0);

        priming.begin();
        priming.begin();
        assertThat(priming.awaitEnd(Duration.ofMillis(200))).as("still priming: begin returned at once").isFalse();
        priming.stop();
        assertThat(priming.awaitEnd(Duration.ofSeconds(30))).as("ended once stopped").isTrue();
        assertThat(calls).as("begun once").hasValue(1);
    }

    @Test
    void aPrimingStoppedBeforeItBeganNeverRuns() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        BackgroundPriming priming = BackgroundPriming.of(stopped -> "call " + calls.incrementAndGet());
        priming.stop();
        priming.begin();

        assertThat(priming.awaitEnd(Duration.ZERO)).isTrue();
        assertThat(calls).hasValue(0);
    }

    @Test
    void aPrimingThatFailsEndsQuietlyWithoutAnUncaughtException() throws InterruptedException {
        ImageTransform tooSmall = new ImageTransform(new PngDecoder(100), new PngEncoder());
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try {
            BackgroundPriming priming = BackgroundPriming.of(stopped -> TransformWarmup.run(tooSmall, 3, stopped) + " transforms");
            priming.begin();
            assertThat(priming.awaitEnd(Duration.ofSeconds(30))).isTrue();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).as("nothing reaches the terminal as a stack trace").isEmpty();
    }

    @Test
    void noPrimingHasNothingToWaitFor() throws InterruptedException {
        BackgroundPriming.NONE.begin();
        BackgroundPriming.NONE.close();
        assertThat(BackgroundPriming.NONE.awaitEnd(Duration.ZERO)).isTrue();
    }
}
