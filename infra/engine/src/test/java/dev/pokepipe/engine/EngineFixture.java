package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Builds the engine's parts for tests of one part at a time: states from JSON, executions, attempts, a test clock. */
final class EngineFixture {

    static final StateMachineIdentity IDENTITY = new StateMachineIdentity("unit", "us-east-1", "123456789012");
    static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "engine-test");
        t.setDaemon(true);
        return t;
    });

    private EngineFixture() {
    }

    /** A clock that stands still until slept on, and remembers every sleep. */
    static final class TestClock implements EngineClock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public synchronized Instant now() {
            return now;
        }

        @Override
        public synchronized void sleep(Duration duration) {
            sleeps.add(duration);
            now = now.plus(duration);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** State {@code name} of a definition whose top-level States object is {@code states}. */
    static StateSpec state(String name, String states) {
        return Definition.parse("{\"StartAt\":\"" + name + "\",\"States\":" + states + "}").top().states().get(name);
    }

    /** An execution whose events go to {@code events}. */
    static Execution execution(StateExecutor executor, EngineClock clock, List<HistoryEvent> events) {
        return new Execution("unit-run", json("{}"), IDENTITY, clock, executor, events::add);
    }

    /** A StateExecutor with the engine's real actions. */
    static StateExecutor executor(EngineClock clock, ExecutorService threads, Map<String, TaskHandler> handlers) {
        return new StateExecutor(Map.of(
                StateSpec.Pass.class, new PassAction(),
                StateSpec.Task.class, new TaskAction(new TaskInvoker(handlers), "us-east-1", clock),
                StateSpec.MapState.class, new MapAction(new MapScheduler(threads), new DistributedMapAction(threads, ObjectStore.NONE,
                        ResultWriterFiles.DEFAULT_PART_BYTES, r -> { })),
                StateSpec.Choice.class, new ChoiceAction(),
                StateSpec.Succeed.class, new SucceedAction(),
                StateSpec.Fail.class, new FailAction()), clock, new Random(1), new TimeLimit(threads));
    }

    /** A first attempt at {@code state}, on its own lane of a fresh execution. */
    static Attempt attempt(StateSpec state, List<HistoryEvent> events) {
        TestClock clock = new TestClock();
        Execution run = execution(executor(clock, THREADS, Map.of()), clock, events);
        return new Attempt(run, state, clock.now(), 0, new Lane(0), new TimeLimit(THREADS));
    }
}
