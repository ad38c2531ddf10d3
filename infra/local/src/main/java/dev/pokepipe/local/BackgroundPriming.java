package dev.pokepipe.local;

import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.TransformWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Primes the transform on a thread of its own, as SnapStart's priming does on AWS, so the first
 * images do not pay for the JIT — but off the run's critical path: it runs while the downloads wait
 * on the network and stops at the first process invocation, so a run never waits for it. It first
 * leaves C2 to the transform ({@link CompilerDirectives}).
 */
final class BackgroundPriming implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriming.class);

    /** No priming. */
    static final BackgroundPriming NONE = new BackgroundPriming(null, new AtomicBoolean(true));

    private final Thread thread;
    private final AtomicBoolean stopped;

    private BackgroundPriming(Thread thread, AtomicBoolean stopped) {
        this.thread = thread;
        this.stopped = stopped;
    }

    /** Starts priming {@code transform} for at most {@code rounds} transforms. */
    static BackgroundPriming start(ImageTransform transform, int rounds) {
        AtomicBoolean stopped = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                long started = System.nanoTime();
                CompilerDirectives.keepC2ForTheTransform();
                int done = TransformWarmup.run(transform, rounds, stopped::get);
                LOG.debug("primed the transform {} of {} times in {} ms", done, rounds,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                // The run does not need the priming: its first images only run colder.
                LOG.warn("priming the transform stopped: {}", e.toString());
            }
        }, "pokepipe-priming");
        thread.setDaemon(true);
        thread.start();
        return new BackgroundPriming(thread, stopped);
    }

    /** Ends the priming after the transform in progress; returns at once. */
    void stop() {
        stopped.set(true);
    }

    /** Waits up to {@code timeout} for the priming thread to end; true once it has (or never ran). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        if (thread != null) {
            thread.join(timeout.toMillis());
        }
        return thread == null || !thread.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
