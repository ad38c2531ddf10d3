package dev.pokepipe.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Primes the process function on a thread of its own, as SnapStart's priming does on AWS, so the first
 * images do not pay for the JIT — but off the run's critical path: it begins when {@link #begin()} is
 * called ({@link RunPriming} says when: mostly with the downloads, which wait on the network) and
 * stops at the first process invocation, so a run never waits for it. It first leaves C2 to the
 * transform ({@link CompilerDirectives}).
 */
final class BackgroundPriming implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriming.class);

    /** No priming. */
    static final BackgroundPriming NONE = new BackgroundPriming(null);

    private final Primer primer;
    private Thread thread;
    private volatile boolean stopped;

    private BackgroundPriming(Primer primer) {
        this.primer = primer;
        this.stopped = primer == null;
    }

    /** What a priming does: works until done or until {@code stopped} says so, and says how much it did. */
    interface Primer {
        String prime(BooleanSupplier stopped) throws Exception;
    }

    /** A priming that runs {@code primer} on a daemon thread once {@link #begin()} is called. */
    static BackgroundPriming of(Primer primer) {
        return new BackgroundPriming(primer);
    }

    /** Starts the priming unless it has started or was stopped; returns at once. */
    synchronized void begin() {
        if (thread != null || stopped) {
            return;
        }
        thread = new Thread(this::prime, "pokepipe-priming");
        thread.setDaemon(true);
        thread.start();
    }

    private void prime() {
        try {
            long started = System.nanoTime();
            CompilerDirectives.keepC2ForTheTransform();
            String done = primer.prime(() -> stopped);
            LOG.debug("primed {} in {} ms", done, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            // The run does not need the priming: its first images only run colder. Once stopped, a
            // failure is the pipeline closing under it.
            if (stopped) {
                LOG.debug("priming ended as the pipeline closed: {}", e.toString());
            } else {
                LOG.warn("priming the process function stopped: {}", e.toString());
            }
        }
    }

    /** Whether the priming has begun and not yet ended. */
    synchronized boolean running() {
        return thread != null && thread.isAlive();
    }

    /** Ends the priming after the step in progress, or keeps it from beginning; returns at once. */
    void stop() {
        stopped = true;
    }

    /** Waits up to {@code timeout} for the priming thread to end; true once it has (or never began). */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        Thread started;
        synchronized (this) {
            started = thread;
        }
        if (started != null) {
            started.join(timeout.toMillis());
        }
        return started == null || !started.isAlive();
    }

    @Override
    public void close() {
        stop();
    }
}
