package dev.pokepipe.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Primes the process function on a thread of its own, as SnapStart's priming does on AWS, so the first
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

    /** What a priming does: works until done or until {@code stopped} says so, and says how much it did. */
    interface Primer {
        String prime(BooleanSupplier stopped) throws Exception;
    }

    /** Starts {@code primer} on a daemon thread. */
    static BackgroundPriming start(Primer primer) {
        AtomicBoolean stopped = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            try {
                long started = System.nanoTime();
                CompilerDirectives.keepC2ForTheTransform();
                String done = primer.prime(stopped::get);
                LOG.debug("primed {} in {} ms", done, (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                // The run does not need the priming: its first images only run colder. Once stopped, a
                // failure is the pipeline closing under it.
                if (stopped.get()) {
                    LOG.debug("priming ended as the pipeline closed: {}", e.toString());
                } else {
                    LOG.warn("priming the process function stopped: {}", e.toString());
                }
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
