package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Runs a {@link Definition} the way AWS Step Functions does, in this process: the JSONPath data
 * flow, Retry and Catch, inline Maps with exactly their {@code MaxConcurrency}, Distributed Maps
 * over an {@link ObjectStore} with child executions of their own, the
 * {@code lambda:invoke} result wrapping, and an execution history (asl-subset.md). Task resources
 * are {@link TaskHandler}s looked up by function name or resource ARN.
 */
public final class LocalEngine implements AutoCloseable {

    /** Step Functions' payload quota. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Step Functions' history quota. */
    public static final int MAX_HISTORY_EVENTS = 25_000;

    private final Definition definition;
    private final EngineClock clock;
    private final StateMachineIdentity identity;
    private final ExecutorService threads;
    private final StateExecutor states;

    private LocalEngine(Builder b) {
        // Threads started on demand would delay the first iterations of a wide Map by their start-up.
        this.threads = ReadyThreadPool.of("pokepipe-engine", b.readyThreads);
        this.definition = Objects.requireNonNull(b.definition, "definition");
        this.clock = b.clock;
        this.identity = new StateMachineIdentity(b.stateMachineName, b.region, b.account);
        this.states = new StateExecutor(Map.of(
                StateSpec.Pass.class, new PassAction(),
                StateSpec.Task.class, new TaskAction(new TaskInvoker(b.handlers), b.region, b.clock),
                StateSpec.MapState.class, new MapAction(new MapScheduler(threads),
                        new DistributedMapAction(threads, b.objectStore, b.resultPartBytes, b.childExecutions)),
                StateSpec.Choice.class, new ChoiceAction(),
                StateSpec.Succeed.class, new SucceedAction(),
                StateSpec.Fail.class, new FailAction()), b.clock, b.jitter, new TimeLimit(threads));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures an engine: the definition, a handler per function name or resource, clock and identity. */
    public static final class Builder {
        private Definition definition;
        private final Map<String, TaskHandler> handlers = new HashMap<>();
        private EngineClock clock = EngineClock.SYSTEM;
        private Random jitter = new Random();
        private String stateMachineName = "pokepipe";
        private String region = "local";
        private String account = "000000000000";
        private int readyThreads;
        private ObjectStore objectStore = ObjectStore.NONE;
        private int resultPartBytes = ResultWriterFiles.DEFAULT_PART_BYTES;
        private Consumer<ExecutionResult> childExecutions = r -> { };

        public Builder definition(Definition definition) {
            this.definition = definition;
            return this;
        }

        /** Routes Tasks whose FunctionName (lambda:invoke) or Resource (function ARN) equals {@code key}. */
        public Builder handler(String key, TaskHandler handler) {
            handlers.put(key, handler);
            return this;
        }

        public Builder clock(EngineClock clock) {
            this.clock = clock;
            return this;
        }

        /** The source of FULL jitter's random waits. */
        public Builder jitter(Random jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder stateMachine(String name, String region, String account) {
            this.stateMachineName = name;
            this.region = region;
            this.account = account;
            return this;
        }

        /**
         * Threads to start with the engine and keep until it closes, as the service has capacity waiting:
         * each Map iteration takes one, a Task with a timeout one more. Default 0, all started on demand.
         */
        public Builder readyThreads(int readyThreads) {
            this.readyThreads = readyThreads;
            return this;
        }

        /** Where Distributed Maps read items (ItemReader) and write results (ResultWriter); e.g. {@link S3ObjectStore}. */
        public Builder objectStore(ObjectStore objectStore) {
            this.objectStore = Objects.requireNonNull(objectStore, "objectStore");
            return this;
        }

        /**
         * The size at which a ResultWriter starts a new results file of a status; AWS cuts at 5 GB, the
         * engine by default at 5 MiB, which is also the most it buffers per status.
         */
        public Builder resultPartBytes(int resultPartBytes) {
            if (resultPartBytes < 2) {
                throw new IllegalArgumentException("resultPartBytes must be >= 2, got " + resultPartBytes);
            }
            this.resultPartBytes = resultPartBytes;
            return this;
        }

        /**
         * Sees each Distributed Map child execution's result, with its own history, as it ends, one at
         * a time. The engine itself keeps no succeeded child's history; see {@link MapRunResult#failures()}.
         */
        public Builder childExecutions(Consumer<ExecutionResult> listener) {
            this.childExecutions = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public LocalEngine build() {
            return new LocalEngine(this);
        }
    }

    /** The ARN the engine reports for its state machine. */
    public String stateMachineArn() {
        return identity.arn();
    }

    /** Runs an execution to its end; {@code listener} sees each history event as it is recorded. */
    public ExecutionResult execute(String name, JsonNode input, Consumer<HistoryEvent> listener) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,80}")) {
            throw new IllegalArgumentException("execution name must be 1-80 letters, digits, '_', '.' or '-'; got " + name);
        }
        if (Json.utf8Size(input) > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("execution input is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        return new Execution(name, input, identity, clock, states, listener).run(definition);
    }

    /** Runs an execution without a listener. */
    public ExecutionResult execute(String name, JsonNode input) {
        return execute(name, input, e -> { });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
