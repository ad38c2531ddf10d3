package dev.pokepipe.transform;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a loop over {@code [0, n)} into contiguous bands run at once, the last on the caller's
 * thread: how one image's steps use more than one core. Every band computes exactly what the
 * sequential loop would for its indices, so the pixels do not depend on the number of bands.
 */
public final class RowBands implements AutoCloseable {

    /** One band, the whole loop on the caller's thread. */
    public static final RowBands SEQUENTIAL = new RowBands(null, 1);

    /** Below this many indices per band, splitting costs more than it saves. */
    private static final int MIN_PER_BAND = 16;

    private final ExecutorService pool;
    private final int bands;

    private RowBands(ExecutorService pool, int bands) {
        this.pool = pool;
        this.bands = bands;
    }

    /** Bands for {@code threads} cores; 1 or less is {@link #SEQUENTIAL}. */
    public static RowBands of(int threads) {
        if (threads <= 1) {
            return SEQUENTIAL;
        }
        return new RowBands(Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "pokepipe-transform-band");
            t.setDaemon(true);
            return t;
        }), threads);
    }

    /** A loop body over {@code [from, to)}. */
    @FunctionalInterface
    public interface Band {
        void run(int from, int to);
    }

    public int bands() {
        return bands;
    }

    /** Runs {@code task.accept(0..tasks-1)} at once, the last on the caller's thread; returns when all are done. */
    public void each(int tasks, java.util.function.IntConsumer task) {
        if (bands == 1) {
            for (int t = 0; t < tasks; t++) {
                task.accept(t);
            }
            return;
        }
        Future<?>[] others = new Future<?>[tasks - 1];
        for (int t = 0; t < tasks - 1; t++) {
            int index = t;
            others[t] = pool.submit(() -> task.accept(index));
        }
        task.accept(tasks - 1);
        await(others);
    }

    /** Runs {@code body} over {@code [0, n)} in bands and returns when all are done. */
    public void forEach(int n, Band body) {
        int count = Math.min(bands, Math.max(1, n / MIN_PER_BAND));
        if (count == 1) {
            body.run(0, n);
            return;
        }
        Future<?>[] others = new Future<?>[count - 1];
        for (int b = 0; b < count - 1; b++) {
            int from = (int) ((long) n * b / count);
            int to = (int) ((long) n * (b + 1) / count);
            others[b] = pool.submit(() -> body.run(from, to));
        }
        body.run((int) ((long) n * (count - 1) / count), n);
        await(others);
    }

    private static void await(Future<?>[] others) {
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a band ran", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
