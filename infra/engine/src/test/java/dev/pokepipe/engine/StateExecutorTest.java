package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.EngineFixture.TestClock;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.StateExited;
import dev.pokepipe.engine.StateAction.Step;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.pokepipe.engine.EngineFixture.json;
import static dev.pokepipe.engine.EngineFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * StateExecutor's Retry, Catch and timeouts, around a scripted action that fails with the errors it
 * is given (as aws-local-stepfunctions' StateExecutor tests do).
 */
class StateExecutorTest {

    private final TestClock clock = new TestClock();
    private final List<HistoryEvent> events = new ArrayList<>();

    /** Fails with each queued error in turn, then succeeds with its input; remembers each attempt's RetryCount. */
    private static final class Scripted implements StateAction<StateSpec.Task> {
        final Deque<StatesError> errors = new ArrayDeque<>();
        final List<Integer> retryCounts = new ArrayList<>();

        Scripted failing(int times, String error) {
            for (int i = 0; i < times; i++) {
                errors.add(new StatesError(error, "cause " + i));
            }
            return this;
        }

        @Override
        public Step run(StateSpec.Task state, JsonNode input, Attempt attempt) {
            retryCounts.add(attempt.context().get("State").get("RetryCount").asInt());
            if (!errors.isEmpty()) {
                throw errors.poll();
            }
            return Step.of(input, state.transition());
        }
    }

    private StateExecutor executor(StateAction<StateSpec.Task> task) {
        return new StateExecutor(Map.of(StateSpec.Task.class, task), clock, new Random(7),
                new TimeLimit(EngineFixture.THREADS));
    }

    private Step run(StateExecutor executor, StateSpec state, String input) {
        Execution run = EngineFixture.execution(executor, clock, events);
        return executor.execute(run, state, json(input), new Lane(0));
    }

    private static StateSpec task(String retryAndCatch) {
        return state("T", "{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\","
                + retryAndCatch + "\"Next\":\"N\"},\"N\":{\"Type\":\"Succeed\"}}");
    }

    @Nested
    class Retry {

        @Test
        void retriesUpToMaxAttemptsWithBackoffThroughTheClock() {
            Scripted action = new Scripted().failing(3, "Boom");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":2,\"MaxAttempts\":3,"
                    + "\"BackoffRate\":3}],");

            Step step = run(executor(action), t, "{\"a\":1}");

            assertThat(step.next()).isEqualTo("N");
            assertThat(action.retryCounts).containsExactly(0, 1, 2, 3);
            assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6),
                    Duration.ofSeconds(18));
        }

        @Test
        void givesUpAfterMaxAttemptsAndCapsEachWaitAtMaxDelaySeconds() {
            Scripted action = new Scripted().failing(5, "Boom");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"IntervalSeconds\":1,\"MaxAttempts\":3,"
                    + "\"BackoffRate\":10,\"MaxDelaySeconds\":5}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}")).isInstanceOf(StatesError.class)
                    .extracting(e -> ((StatesError) e).cause()).isEqualTo("cause 3");
            assertThat(action.retryCounts).hasSize(4);
            assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5),
                    Duration.ofSeconds(5));
        }

        @Test
        void zeroMaxAttemptsNeverRetries() {
            Scripted action = new Scripted().failing(1, "Boom");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"MaxAttempts\":0}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}")).isInstanceOf(StatesError.class);
            assertThat(action.retryCounts).containsExactly(0);
            assertThat(clock.sleeps).isEmpty();
        }

        @Test
        void statesAllMatchesAnyNamedErrorButNotStatesRuntime() {
            Scripted named = new Scripted().failing(1, "Anything.AtAll");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":2}],");
            run(executor(named), t, "{}");
            assertThat(named.retryCounts).containsExactly(0, 1);

            Scripted runtime = new Scripted().failing(1, StatesError.RUNTIME);
            assertThatThrownBy(() -> run(executor(runtime), t, "{}")).isInstanceOf(StatesError.class);
            assertThat(runtime.retryCounts).containsExactly(0);
        }

        @Test
        void statesTaskFailedDoesNotMatchATimeout() {
            Scripted action = new Scripted().failing(1, StatesError.TIMEOUT);
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"States.TaskFailed\"]}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}"))
                    .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.TIMEOUT);
            assertThat(action.retryCounts).containsExactly(0);
        }

        @Test
        void onlyTheFirstMatchingRetrierCountsEvenWhenItIsSpent() {
            Scripted action = new Scripted().failing(3, "A");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"A\"],\"MaxAttempts\":1},"
                    + "{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":5}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}")).isInstanceOf(StatesError.class);
            assertThat(action.retryCounts).containsExactly(0, 1);
        }

        @Test
        void eachRetrierCountsItsOwnAttempts() {
            Scripted action = new Scripted();
            action.errors.add(new StatesError("A", ""));
            action.errors.add(new StatesError("B", ""));
            action.errors.add(new StatesError("A", ""));
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"A\"],\"MaxAttempts\":1,\"IntervalSeconds\":1},"
                    + "{\"ErrorEquals\":[\"B\"],\"MaxAttempts\":1,\"IntervalSeconds\":7}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}"))
                    .extracting(e -> ((StatesError) e).error()).isEqualTo("A");
            assertThat(clock.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(7));
        }

        @Test
        void fullJitterScalesTheCappedWaitByTheJitterSourcesNextDraw() {
            StateExecutor executor = executor(new Scripted());
            StateSpec.Retrier full = new StateSpec.Retrier(List.of("A"), 4, 3, 2.0, 10, true);
            double draw = new Random(7).nextDouble();

            // 4 s * 2^2 = 16 s, capped at 10 s before the draw scales it.
            assertThat(executor.delay(full, 3)).isEqualTo(Duration.ofNanos((long) (10 * draw * 1e9)));
            StateSpec.Retrier capped = new StateSpec.Retrier(List.of("A"), 4, 3, 2.0, 5, false);
            assertThat(executor.delay(capped, 3)).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Nested
    class Catch {

        @Test
        void putsErrorAndCauseAtTheCatchersResultPathAndGoesToItsNext() {
            Scripted action = new Scripted().failing(1, "Boom");
            StateSpec t = state("T", "{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:1:function:f\","
                    + "\"Catch\":[{\"ErrorEquals\":[\"Other\"],\"Next\":\"N\"},"
                    + "{\"ErrorEquals\":[\"Boom\"],\"ResultPath\":\"$.err\",\"Next\":\"H\"}],\"Next\":\"N\"},"
                    + "\"N\":{\"Type\":\"Succeed\"},\"H\":{\"Type\":\"Succeed\"}}");

            Step step = run(executor(action), t, "{\"keep\":true}");

            assertThat(step.next()).isEqualTo("H");
            assertThat(step.output()).isEqualTo(json("{\"keep\":true,\"err\":{\"Error\":\"Boom\",\"Cause\":\"cause 0\"}}"));
            assertThat(events.get(events.size() - 1).details()).isEqualTo(new StateExited(
                    EventDetails.StateType.TASK, "T", "{\"keep\":true,\"err\":{\"Error\":\"Boom\",\"Cause\":\"cause 0\"}}"));
        }

        @Test
        void retriesBeforeCatchingAndEntersTheStateOnce() {
            Scripted action = new Scripted().failing(3, "Boom");
            StateSpec t = task("\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"MaxAttempts\":1}],"
                    + "\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"N\"}],");

            Step step = run(executor(action), t, "{}");

            assertThat(action.retryCounts).containsExactly(0, 1);
            assertThat(step.output()).isEqualTo(json("{\"Error\":\"Boom\",\"Cause\":\"cause 1\"}"));
            assertThat(events).filteredOn(e -> e.details() instanceof StateEntered).hasSize(1);
        }

        @Test
        void neverCatchesStatesDataLimitExceeded() {
            Scripted action = new Scripted().failing(1, StatesError.DATA_LIMIT_EXCEEDED);
            StateSpec t = task("\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"N\"}],");

            assertThatThrownBy(() -> run(executor(action), t, "{}"))
                    .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.DATA_LIMIT_EXCEEDED);
        }
    }

    @Nested
    class Timeouts {

        @Test
        void timedWorkOverTimeoutSecondsFailsWithStatesTimeoutWhichRetryCanMatch() {
            List<Integer> attempts = new ArrayList<>();
            StateAction<StateSpec.Task> slow = (state, input, attempt) -> {
                attempts.add(attempts.size());
                JsonNode out = attempt.timed(() -> {
                    if (attempts.size() == 1) {
                        sleepQuietly(5_000);
                    }
                    return input;
                });
                return Step.of(out, state.transition());
            };
            StateSpec t = task("\"TimeoutSeconds\":1,\"Retry\":[{\"ErrorEquals\":[\"States.Timeout\"],"
                    + "\"MaxAttempts\":1}],");

            long started = System.nanoTime();
            Step step = run(executor(slow), t, "{\"x\":2}");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            assertThat(attempts).hasSize(2);
            assertThat(step.output()).isEqualTo(json("{\"x\":2}"));
        }

        @Test
        void withoutTimeoutSecondsTimedWorkRunsOnTheCallersThread() {
            Thread[] ranOn = new Thread[1];
            StateAction<StateSpec.Task> action = (state, input, attempt) -> Step.of(attempt.timed(() -> {
                ranOn[0] = Thread.currentThread();
                return input;
            }), state.transition());

            run(executor(action), task(""), "{}");

            assertThat(ranOn[0]).isSameAs(Thread.currentThread());
        }
    }

    @Test
    void recordsEntryAndExitOnTheLaneAndRefusesAnOversizedOutput() {
        Scripted action = new Scripted();
        run(executor(action), task(""), "{\"a\":1}");
        assertThat(events).extracting(HistoryEvent::details).containsExactly(
                new StateEntered(EventDetails.StateType.TASK, "T", "{\"a\":1}"),
                new StateExited(EventDetails.StateType.TASK, "T", "{\"a\":1}"));
        assertThat(events).extracting(HistoryEvent::previousEventId).containsExactly(0L, 1L);

        String big = "{\"big\":\"" + "x".repeat(LocalEngine.MAX_PAYLOAD_BYTES) + "\"}";
        assertThatThrownBy(() -> run(executor(action), task(""), big))
                .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.DATA_LIMIT_EXCEEDED);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
