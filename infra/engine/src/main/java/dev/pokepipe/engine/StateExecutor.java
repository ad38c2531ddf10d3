package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.StateExited;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.StateAction.Step;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs one state of any type: records its entry, runs its {@link StateAction} in attempts with the
 * state's Retry (R-1..R-6), Catch (C-1..C-3) and TimeoutSeconds, checks its output's size and
 * records its exit. The actions know nothing of retrying, catching or timing.
 */
final class StateExecutor {

    private final Map<Class<? extends StateSpec>, StateAction<?>> actions;
    private final EngineClock clock;
    private final Random jitter;
    private final TimeLimit timeLimit;

    /** @param actions the action for each state record type */
    StateExecutor(Map<Class<? extends StateSpec>, StateAction<?>> actions, EngineClock clock, Random jitter,
                  TimeLimit timeLimit) {
        this.actions = Map.copyOf(actions);
        this.clock = clock;
        this.jitter = jitter;
        this.timeLimit = timeLimit;
    }

    /** Runs {@code state} on {@code raw}, its events recorded on {@code lane}. */
    Step execute(Execution run, StateSpec state, JsonNode raw, Lane lane) {
        StateType type = StateType.of(state);
        run.history().record(lane, new StateEntered(type, state.name(), Json.compact(raw)));
        Instant enteredAt = clock.now();
        Step step = attempts(run, state, raw, enteredAt, lane);
        Payloads.check(step.output(), "the output of state '" + state.name() + "'");
        run.history().record(lane, new StateExited(type, state.name(), Json.compact(step.output())));
        return step;
    }

    private Step attempts(Execution run, StateSpec state, JsonNode raw, Instant enteredAt, Lane lane) {
        StateAction<StateSpec> action = action(state);
        List<StateSpec.Retrier> retriers = state.retry();
        List<StateSpec.Catcher> catchers = state.catchers();
        int[] retries = new int[retriers.size()];
        int retryCount = 0;
        while (true) {
            try {
                return action.run(state, raw, new Attempt(run, state, enteredAt, retryCount, lane, timeLimit));
            } catch (StatesError e) {
                if (!e.catchable()) {
                    throw e;
                }
                int r = firstMatch(retriers.stream().map(StateSpec.Retrier::errorEquals).toList(), e.error());
                if (r >= 0 && retries[r] < retriers.get(r).maxAttempts()) {
                    retries[r]++;
                    retryCount++;
                    sleep(delay(retriers.get(r), retries[r]));
                    continue;
                }
                int c = firstMatch(catchers.stream().map(StateSpec.Catcher::errorEquals).toList(), e.error());
                if (c < 0) {
                    throw e;
                }
                ObjectNode errorOutput = Json.emptyObject();
                errorOutput.put("Error", e.error());
                errorOutput.put("Cause", e.cause());
                return new Step(catchers.get(c).resultPath().apply(raw, errorOutput), catchers.get(c).next());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private StateAction<StateSpec> action(StateSpec state) {
        StateAction<?> action = actions.get(state.getClass());
        if (action == null) {
            throw new IllegalStateException("no action for " + state.getClass().getSimpleName());
        }
        return (StateAction<StateSpec>) action;
    }

    /**
     * The first retrier or catcher whose ErrorEquals names {@code error}, States.ALL, or
     * States.TaskFailed, which matches every error but States.Timeout; -1 if none.
     */
    static int firstMatch(List<List<String>> errorEquals, String error) {
        for (int i = 0; i < errorEquals.size(); i++) {
            List<String> names = errorEquals.get(i);
            if (names.contains(error) || names.contains(StatesError.ALL)
                    || names.contains(StatesError.TASK_FAILED) && !StatesError.TIMEOUT.equals(error)) {
                return i;
            }
        }
        return -1;
    }

    /** The wait before retry {@code attempt} (1 for the first) of {@code r}: backoff, capped, then jittered. */
    Duration delay(StateSpec.Retrier r, int attempt) {
        double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt - 1);
        if (r.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, r.maxDelaySeconds());
        }
        if (r.fullJitter()) {
            // Iterations retry on several threads; a draw is two steps of the generator, which must not interleave.
            synchronized (jitter) {
                seconds = seconds * jitter.nextDouble();
            }
        }
        return Duration.ofNanos((long) (seconds * 1e9));
    }

    private void sleep(Duration d) {
        try {
            clock.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
    }
}
