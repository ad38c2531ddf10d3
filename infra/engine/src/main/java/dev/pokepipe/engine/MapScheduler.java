package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.EventDetails.MapIterationAborted;
import dev.pokepipe.engine.EventDetails.MapIterationFailed;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapIterationSucceeded;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a Map's iterations with at most its concurrency limit in flight (M-4): that many workers,
 * each taking the next item when its last one ends. The first failed iteration fails the Map and
 * aborts the others (M-6). Records each iteration's start and end events.
 */
final class MapScheduler {

    /** How often the waiting Map state looks for a failure to cancel the other iterations on. */
    private static final long POLL_MILLIS = 20;

    private final ExecutorService threads;

    MapScheduler(ExecutorService threads) {
        this.threads = threads;
    }

    /** One iteration's work: the item at {@code index}, its events recorded on {@code lane}. */
    interface Iteration {
        JsonNode run(int index, Lane lane);
    }

    /**
     * Runs iterations {@code 0..n-1} of Map {@code name} and returns their results in item order. The
     * Map's lane goes on from the event that freed the last slot.
     *
     * @throws StatesError the first iteration's failure, once every iteration has stopped
     */
    JsonNode[] run(String name, int n, int limit, Lane mapLane, History history, MapStats stats, Iteration body) {
        Scheduling s = new Scheduling(name, n, mapLane.last, history, stats, body);
        int workers = Math.min(limit, n);
        CountDownLatch finished = new CountDownLatch(workers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            futures.add(threads.submit(() -> {
                try {
                    int i;
                    while (s.failure.get() == null && (i = s.next.getAndIncrement()) < n) {
                        s.iterate(i);
                    }
                } finally {
                    finished.countDown();
                }
            }));
        }
        try {
            while (!finished.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (s.failure.get() != null) {
                    futures.forEach(f -> f.cancel(true));
                }
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            awaitQuietly(finished);
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
        mapLane.last = s.freedBy.get();
        if (s.failure.get() != null) {
            throw s.failure.get();
        }
        return s.results;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shared state of one Map run's workers. */
    private static final class Scheduling {
        final String name;
        final JsonNode[] results;
        final History history;
        final MapStats stats;
        final Iteration body;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicReference<StatesError> failure = new AtomicReference<>();
        /** The event that last freed a slot: the previous event of the next iteration to start. */
        final AtomicLong freedBy;

        Scheduling(String name, int n, long mapStarted, History history, MapStats stats, Iteration body) {
            this.name = name;
            this.results = new JsonNode[n];
            this.history = history;
            this.stats = stats;
            this.body = body;
            this.freedBy = new AtomicLong(mapStarted);
        }

        void iterate(int index) {
            Lane lane = new Lane(freedBy.get());
            boolean started = false;
            try {
                history.record(lane, new MapIterationStarted(name, index));
                started = true;
                stats.peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                results[index] = body.run(index, lane);
                inFlight.decrementAndGet();
                freedBy.set(history.record(lane.last, new MapIterationSucceeded(name, index)));
            } catch (Aborted e) {
                ended(started);
                history.record(lane.last, new MapIterationAborted(name, index));
            } catch (RuntimeException e) {
                ended(started);
                // A StatesError is the iteration's own failure; anything else is a bug, and the Map fails
                // naming it rather than returning a hole where this item's result should be.
                StatesError error = e instanceof StatesError se ? se
                        : StatesError.runtime("iteration " + index + " of " + name + " broke: " + e);
                if (failure.compareAndSet(null, error)) {
                    freedBy.set(recordQuietly(lane, new MapIterationFailed(name, index)));
                } else {
                    recordQuietly(lane, new MapIterationAborted(name, index));
                }
            }
        }

        private void ended(boolean started) {
            if (started) {
                inFlight.decrementAndGet();
            }
        }

        /** Records an end event; when recording is what broke, the failure already says so. */
        private long recordQuietly(Lane lane, EventDetails details) {
            try {
                return history.record(lane.last, details);
            } catch (RuntimeException e) {
                return lane.last;
            }
        }
    }
}
