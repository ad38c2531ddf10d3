package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** A state's TimeoutSeconds: the timed work runs on one of the engine's threads while the state waits for it. */
final class TimeLimit {

    private final ExecutorService threads;

    TimeLimit(ExecutorService threads) {
        this.threads = threads;
    }

    /**
     * Runs {@code work}, on this thread if {@code timeoutSeconds} is null.
     *
     * @throws StatesError States.Timeout when the time is up; the work is interrupted
     */
    JsonNode within(Integer timeoutSeconds, Supplier<JsonNode> work) {
        if (timeoutSeconds == null) {
            return work.get();
        }
        Future<JsonNode> future = threads.submit(work::get);
        try {
            return future.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new StatesError(StatesError.TIMEOUT, "The task did not answer within " + timeoutSeconds + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatesError se) {
                throw se;
            }
            // The only timed work is a Lambda call, whose unexpected failures Lambda reports this way.
            throw new StatesError("Lambda.ServiceException", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
    }
}
