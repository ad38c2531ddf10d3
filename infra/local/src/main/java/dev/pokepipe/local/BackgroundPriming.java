package dev.pokepipe.local;

import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.TransformWarmup;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Primes the transform on a thread of its own, as SnapStart's priming does on AWS, so the first
 * images do not pay for the JIT — but off the run's critical path: it runs while the downloads wait
 * on the network and stops at the first process invocation, so a run never waits for it.
 */
final class BackgroundPriming implements AutoCloseable {

    /** No priming. */
    static final BackgroundPriming NONE = new BackgroundPriming(null, 0);

    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread thread;

    private BackgroundPriming(ImageTransform transform, int rounds) {
        thread = transform == null ? null
                : new Thread(() -> TransformWarmup.run(transform, rounds, stopped::get), "pokepipe-priming");
        if (thread != null) {
            thread.setDaemon(true);
        }
    }

    /** Starts priming {@code transform} for at most {@code rounds} transforms. */
    static BackgroundPriming start(ImageTransform transform, int rounds) {
        BackgroundPriming priming = new BackgroundPriming(transform, rounds);
        priming.thread.start();
        return priming;
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
