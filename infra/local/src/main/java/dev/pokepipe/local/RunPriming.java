package dev.pokepipe.local;

import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Kernels;
import dev.pokepipe.transform.TransformWarmup;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The local pipeline's priming of its process function, run by run: what {@link WarmupPolicy} decides
 * for each run, when its priming begins (with the pipeline for a first run the policy primes at start,
 * else with the run's first download), and its end at the run's first process invocation. The
 * priming's transforms need only the transform; its invocations wait until the storage and the
 * process handler exist ({@link #invocationsReady}).
 */
final class RunPriming implements AutoCloseable {

    /** The transforms of an artwork-sized image a priming starts with: the kernels' loops then run compiled. */
    private static final int TRANSFORMS = 10;
    /** The most whole process invocations a priming runs after them, so the S3 request path runs compiled too. */
    private static final int INVOCATIONS = 40;
    /** How long closing waits for a priming to finish its invocation in progress and remove its bucket. */
    private static final Duration END = Duration.ofSeconds(10);

    private final WarmupPolicy warmup;
    private final ImageTransform transform;
    private final CompletableFuture<InvocationPriming> invocations = new CompletableFuture<>();
    /** The current run's priming, which its first process invocation stops. */
    private final AtomicReference<BackgroundPriming> current = new AtomicReference<>(BackgroundPriming.NONE);
    /** The kernels the current run's images are transformed with. */
    private final AtomicReference<Kernels> kernels;

    /** @param transform the transform the priming runs, with the kernels the policy calls best */
    RunPriming(WarmupPolicy warmup, ImageTransform transform) {
        this.warmup = warmup;
        this.transform = transform;
        this.kernels = new AtomicReference<>(transform.kernels());
    }

    /** Begins at once the priming of a first run of {@code ids}, if the policy primes such a run at start. */
    void beginForFirstRun(int ids) {
        if (warmup.primesAtStart(ids)) {
            forRun(ids).begin();
        }
    }

    /** The priming's invocations can run once they have their storage and handler. */
    void invocationsReady(InvocationPriming ready) {
        invocations.complete(ready);
    }

    /**
     * Sets the run's kernels and readies its priming, as the policy decides for a run of {@code ids};
     * returns it for the run to close at its end ({@link BackgroundPriming#NONE} if it primes nothing).
     */
    BackgroundPriming forRun(int ids) {
        WarmupPolicy.Decision decision = warmup.forRun(ids);
        kernels.set(decision.kernels());
        if (!decision.prime()) {
            return BackgroundPriming.NONE;
        }
        BackgroundPriming readied = BackgroundPriming.of(stopped -> {
            int transforms = TransformWarmup.run(transform, TRANSFORMS, stopped);
            int calls = stopped.getAsBoolean() ? 0 : invocations.join().run(INVOCATIONS, stopped);
            return transforms + " transforms and " + calls + " process invocations";
        });
        current.set(readied);
        return readied;
    }

    /** A download begins: so does the run's priming, unless it has begun. */
    void downloadBegins() {
        current.get().begin();
    }

    /** A process invocation begins: the priming ends after its step in progress. */
    void processBegins() {
        current.get().stop();
    }

    /** The kernels the current run's images are transformed with. */
    Kernels kernels() {
        return kernels.get();
    }

    /** Whether a priming has begun and not yet ended. */
    boolean priming() {
        return current.get().running();
    }

    /** Stops the priming and waits (a while) for it to end: its invocation in progress uses the storage. */
    @Override
    public void close() {
        current.get().close();
        invocations.completeExceptionally(new IllegalStateException("the pipeline closed"));
        try {
            current.get().awaitEnd(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
