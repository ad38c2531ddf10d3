package dev.pokepipe.infra.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.infra.concurrent.ReadyThreadPool;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a {@link Definition} the way AWS Step Functions does, in this process: the JSONPath data
 * flow, Retry and Catch, inline Maps with exactly their {@code MaxConcurrency}, the
 * {@code lambda:invoke} result wrapping, and an execution history (asl-subset.md). Task resources
 * are {@link TaskHandler}s looked up by function name or resource ARN.
 */
public final class LocalEngine implements AutoCloseable {

    /** Step Functions' payload quota. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Step Functions' history quota. */
    public static final int MAX_HISTORY_EVENTS = 25_000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Definition definition;
    private final Map<String, TaskHandler> handlers;
    private final EngineClock clock;
    private final Random jitter;
    private final String stateMachineName;
    private final String region;
    private final String account;
    private final ExecutorService threads;

    private LocalEngine(Builder b) {
        // Started on demand, the first 40 downloads of a Map began over a quarter of a second.
        this.threads = ReadyThreadPool.of("pokepipe-engine", b.readyThreads);
        this.definition = Objects.requireNonNull(b.definition, "definition");
        this.handlers = Map.copyOf(b.handlers);
        this.clock = b.clock;
        this.jitter = b.jitter;
        this.stateMachineName = b.stateMachineName;
        this.region = b.region;
        this.account = b.account;
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

        public LocalEngine build() {
            return new LocalEngine(this);
        }
    }

    /** The ARN the engine reports for its state machine. */
    public String stateMachineArn() {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + stateMachineName;
    }

    /** Runs an execution to its end; {@code listener} sees each history event as it is recorded. */
    public ExecutionResult execute(String name, JsonNode input, Consumer<HistoryEvent> listener) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,80}")) {
            throw new IllegalArgumentException("execution name must be 1-80 letters, digits, '_', '.' or '-'; got " + name);
        }
        if (Json.utf8Size(input) > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("execution input is larger than " + MAX_PAYLOAD_BYTES + " bytes");
        }
        Run run = new Run(name, input, listener);
        return run.execute();
    }

    /** Runs an execution without a listener. */
    public ExecutionResult execute(String name, JsonNode input) {
        return execute(name, input, e -> { });
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    /** One execution's state: identity, history, Map statistics. */
    private final class Run {
        private final String name;
        private final JsonNode input;
        private final Consumer<HistoryEvent> listener;
        private final Instant start;
        private final List<HistoryEvent> history = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, MapStats> mapStats = new ConcurrentHashMap<>();
        private final ObjectNode executionContext;

        Run(String name, JsonNode input, Consumer<HistoryEvent> listener) {
            this.name = name;
            this.input = input;
            this.listener = listener;
            this.start = clock.now();
            executionContext = NODES.objectNode();
            executionContext.put("Id", "arn:aws:states:" + region + ":" + account + ":execution:" + stateMachineName
                    + ":" + name);
            executionContext.put("Name", name);
            executionContext.set("Input", input);
            executionContext.put("StartTime", start.toString());
            executionContext.put("RoleArn", "arn:aws:iam::" + account + ":role/pokepipe-local");
        }

        ExecutionResult execute() {
            ObjectNode started = NODES.objectNode();
            started.put("input", Json.compact(input));
            started.putObject("inputDetails").put("truncated", false);
            started.put("roleArn", executionContext.get("RoleArn").asText());
            long id = event("ExecutionStarted", 0, "executionStartedEventDetails", started);
            Lane thread = new Lane(0);
            thread.last = 0;
            try {
                JsonNode output = runScope(definition.top(), input, thread);
                ObjectNode details = NODES.objectNode();
                details.put("output", Json.compact(output));
                details.putObject("outputDetails").put("truncated", false);
                event("ExecutionSucceeded", thread.last, "executionSucceededEventDetails", details);
                return new ExecutionResult(name, ExecutionResult.Status.SUCCEEDED, output, null, null, start,
                        clock.now(), List.copyOf(history), statsSnapshot());
            } catch (StatesError e) {
                ObjectNode details = NODES.objectNode();
                details.put("error", e.error());
                details.put("cause", e.cause());
                event("ExecutionFailed", thread.last, "executionFailedEventDetails", details);
                return new ExecutionResult(name, ExecutionResult.Status.FAILED, null, e.error(), e.cause(), start,
                        clock.now(), List.copyOf(history), statsSnapshot());
            }
        }

        private Map<String, ExecutionResult.MapRun> statsSnapshot() {
            Map<String, ExecutionResult.MapRun> out = new HashMap<>();
            mapStats.forEach((k, v) -> out.put(k, new ExecutionResult.MapRun(v.items.get(), v.peak.get())));
            return out;
        }

        /** Records an event; returns its id. */
        long event(String type, long previous, String detailsName, ObjectNode details) {
            HistoryEvent e;
            synchronized (history) {
                if (history.size() >= MAX_HISTORY_EVENTS) {
                    throw StatesError.runtime("the execution history reached " + MAX_HISTORY_EVENTS + " events");
                }
                e = new HistoryEvent(history.size() + 1, clock.now(), type, previous, detailsName, details);
                history.add(e);
            }
            listener.accept(e);
            return e.id();
        }

        private ObjectNode context(StateSpec state, Instant entered, int retryCount, ObjectNode mapItem) {
            ObjectNode ctx = NODES.objectNode();
            ctx.set("Execution", executionContext);
            ObjectNode st = ctx.putObject("State");
            st.put("Name", state.name());
            st.put("EnteredTime", entered.toString());
            st.put("RetryCount", retryCount);
            ObjectNode sm = ctx.putObject("StateMachine");
            sm.put("Id", stateMachineArn());
            sm.put("Name", stateMachineName);
            if (mapItem != null) {
                ctx.putObject("Map").set("Item", mapItem);
            }
            return ctx;
        }

        JsonNode runScope(StateSpec.Scope scope, JsonNode data, Lane thread) {
            String current = scope.startAt();
            while (true) {
                checkInterrupted();
                StateSpec state = scope.states().get(current);
                Step step = runState(state, data, thread);
                if (step.next == null) {
                    return step.output;
                }
                data = step.output;
                current = step.next;
            }
        }

        private record Step(JsonNode output, String next) {
        }

        private Step runState(StateSpec state, JsonNode raw, Lane thread) {
            String kind = kind(state);
            ObjectNode entered = NODES.objectNode();
            entered.put("name", state.name());
            entered.put("input", Json.compact(raw));
            entered.putObject("inputDetails").put("truncated", false);
            thread.last = event(kind + "StateEntered", thread.last, "stateEnteredEventDetails", entered);
            Instant enteredAt = clock.now();
            if (state instanceof StateSpec.Pass p) {
                JsonNode ctx = context(p, enteredAt, 0, null);
                JsonNode effective = p.inputPath().apply(raw, ctx);
                if (p.parameters() != null) {
                    effective = p.parameters().evaluate(effective, ctx);
                }
                JsonNode result = p.result() != null ? p.result() : effective;
                JsonNode output = p.outputPath().apply(p.resultPath().apply(raw, result), ctx);
                return exit(state, kind, output, p.transition(), thread);
            }
            if (state instanceof StateSpec.Choice c) {
                JsonNode ctx = context(c, enteredAt, 0, null);
                JsonNode effective = c.inputPath().apply(raw, ctx);
                String next = null;
                for (int i = 0; i < c.rules().size() && next == null; i++) {
                    if (c.rules().get(i).test(effective, ctx)) {
                        next = c.nexts().get(i);
                    }
                }
                if (next == null) {
                    next = c.defaultNext();
                }
                if (next == null) {
                    throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice rule matched and there is no Default"
                            + " in state '" + c.name() + "'");
                }
                JsonNode output = c.outputPath().apply(effective, ctx);
                return exit(state, kind, output, new StateSpec.Transition(next, false), thread);
            }
            if (state instanceof StateSpec.Succeed s) {
                JsonNode ctx = context(s, enteredAt, 0, null);
                JsonNode output = s.outputPath().apply(s.inputPath().apply(raw, ctx), ctx);
                return exit(state, kind, output, new StateSpec.Transition(null, true), thread);
            }
            if (state instanceof StateSpec.Fail f) {
                JsonNode ctx = context(f, enteredAt, 0, null);
                String error = f.error() != null ? f.error() : text(f.errorPath().eval(raw, ctx), "ErrorPath");
                String cause = f.cause() != null ? f.cause()
                        : f.causePath() != null ? text(f.causePath().eval(raw, ctx), "CausePath") : "";
                throw new StatesError(error, cause);
            }
            return retrying(state, kind, raw, enteredAt, thread);
        }

        private String text(JsonNode value, String field) {
            if (!value.isTextual()) {
                throw StatesError.runtime("The " + field + " value is not a string: " + Json.compact(value));
            }
            return value.textValue();
        }

        private Step exit(StateSpec state, String kind, JsonNode output, StateSpec.Transition t, Lane thread) {
            checkSize(output, "the output of state '" + state.name() + "'");
            ObjectNode exited = NODES.objectNode();
            exited.put("name", state.name());
            exited.put("output", Json.compact(output));
            exited.putObject("outputDetails").put("truncated", false);
            thread.last = event(kind + "StateExited", thread.last, "stateExitedEventDetails", exited);
            return new Step(output, t.end() ? null : t.next());
        }

        /** Task and Map: attempts with Retry (R-1..R-6) and Catch (C-1..C-3). */
        private Step retrying(StateSpec state, String kind, JsonNode raw, Instant enteredAt, Lane thread) {
            List<StateSpec.Retrier> retriers = state instanceof StateSpec.Task t ? t.retry()
                    : ((StateSpec.MapState) state).retry();
            List<StateSpec.Catcher> catchers = state instanceof StateSpec.Task t ? t.catchers()
                    : ((StateSpec.MapState) state).catchers();
            StateSpec.Transition transition = state instanceof StateSpec.Task t ? t.transition()
                    : ((StateSpec.MapState) state).transition();
            int[] attempts = new int[retriers.size()];
            int retryCount = 0;
            while (true) {
                try {
                    JsonNode output = state instanceof StateSpec.Task t
                            ? runTask(t, raw, enteredAt, retryCount, thread)
                            : runMap((StateSpec.MapState) state, raw, enteredAt, retryCount, thread);
                    return exit(state, kind, output, transition, thread);
                } catch (StatesError e) {
                    if (!e.catchable()) {
                        throw e;
                    }
                    int r = firstMatch(retriers.stream().map(StateSpec.Retrier::errorEquals).toList(), e.error());
                    if (r >= 0 && attempts[r] < retriers.get(r).maxAttempts()) {
                        attempts[r]++;
                        retryCount++;
                        sleep(delay(retriers.get(r), attempts[r]));
                        continue;
                    }
                    int c = firstMatch(catchers.stream().map(StateSpec.Catcher::errorEquals).toList(), e.error());
                    if (c < 0) {
                        throw e;
                    }
                    ObjectNode errorOutput = NODES.objectNode();
                    errorOutput.put("Error", e.error());
                    errorOutput.put("Cause", e.cause());
                    JsonNode output = catchers.get(c).resultPath().apply(raw, errorOutput);
                    return exit(state, kind, output, new StateSpec.Transition(catchers.get(c).next(), false), thread);
                }
            }
        }

        private Duration delay(StateSpec.Retrier r, int attempt) {
            double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt - 1);
            if (r.maxDelaySeconds() != null) {
                seconds = Math.min(seconds, r.maxDelaySeconds());
            }
            if (r.fullJitter()) {
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

        private JsonNode runTask(StateSpec.Task t, JsonNode raw, Instant enteredAt, int retryCount, Lane thread) {
            JsonNode ctx = context(t, enteredAt, retryCount, null);
            JsonNode effective = t.inputPath().apply(raw, ctx);
            if (t.parameters() != null) {
                effective = t.parameters().evaluate(effective, ctx);
            }
            checkSize(effective, "the input of state '" + t.name() + "'");
            String key;
            JsonNode event;
            if (t.lambdaInvoke()) {
                JsonNode fn = effective.get("FunctionName");
                if (fn == null || !fn.isTextual()) {
                    throw StatesError.runtime("state '" + t.name() + "': FunctionName must be a string");
                }
                key = fn.textValue();
                event = effective.has("Payload") ? effective.get("Payload") : NODES.objectNode();
            } else {
                key = t.resource();
                event = effective;
            }
            String resourceType = "lambda";
            String resource = t.lambdaInvoke() ? "invoke" : t.resource();
            ObjectNode scheduled = NODES.objectNode();
            scheduled.put("resourceType", resourceType);
            scheduled.put("resource", resource);
            scheduled.put("region", region);
            scheduled.put("parameters", Json.compact(effective));
            if (t.timeoutSeconds() != null) {
                scheduled.put("timeoutInSeconds", t.timeoutSeconds());
            }
            thread.last = event("TaskScheduled", thread.last, "taskScheduledEventDetails", scheduled);
            ObjectNode startedDetails = NODES.objectNode();
            startedDetails.put("resourceType", resourceType);
            startedDetails.put("resource", resource);
            thread.last = event("TaskStarted", thread.last, "taskStartedEventDetails", startedDetails);

            JsonNode result;
            try {
                result = invoke(key, event, t.timeoutSeconds());
            } catch (StatesError e) {
                ObjectNode failed = NODES.objectNode();
                failed.put("resourceType", resourceType);
                failed.put("resource", resource);
                failed.put("error", e.error());
                failed.put("cause", e.cause().length() > 32768 ? e.cause().substring(0, 32768) : e.cause());
                boolean timedOut = StatesError.TIMEOUT.equals(e.error());
                thread.last = event(timedOut ? "TaskTimedOut" : "TaskFailed", thread.last,
                        timedOut ? "taskTimedOutEventDetails" : "taskFailedEventDetails", failed);
                throw e;
            }
            checkSize(result, "the result of state '" + t.name() + "'");
            if (t.lambdaInvoke()) {
                result = invokeResult(result);
            }
            ObjectNode succeeded = NODES.objectNode();
            succeeded.put("resourceType", resourceType);
            succeeded.put("resource", resource);
            succeeded.put("output", Json.compact(result));
            succeeded.putObject("outputDetails").put("truncated", false);
            thread.last = event("TaskSucceeded", thread.last, "taskSucceededEventDetails", succeeded);
            if (t.resultSelector() != null) {
                result = t.resultSelector().evaluate(result, ctx);
            }
            return t.outputPath().apply(t.resultPath().apply(raw, result), ctx);
        }

        private JsonNode invoke(String key, JsonNode event, Integer timeoutSeconds) {
            TaskHandler handler = handlers.get(key);
            if (handler == null) {
                throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + key
                        + " (no local handler has this name)");
            }
            if (timeoutSeconds == null) {
                return call(handler, event);
            }
            Future<JsonNode> future = threads.submit(() -> call(handler, event));
            try {
                return future.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new StatesError(StatesError.TIMEOUT, "The task did not answer within " + timeoutSeconds + " s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof StatesError se) {
                    throw se;
                }
                throw new StatesError("Lambda.ServiceException", String.valueOf(e.getCause()));
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new Aborted();
            }
        }

        private JsonNode call(TaskHandler handler, JsonNode event) {
            try {
                JsonNode result = handler.handle(event.deepCopy());
                return result == null ? NODES.nullNode() : result;
            } catch (StatesError e) {
                throw e;
            } catch (Throwable e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new Aborted();
                }
                String type = e instanceof TaskHandler.FunctionError fe ? fe.errorType() : e.getClass().getName();
                throw new StatesError(type, Json.compact(errorDocument(e, type)));
            }
        }

        /** Lambda's Java error document; a chained cause is named with its message only, to keep Causes small. */
        private ObjectNode errorDocument(Throwable e, String type) {
            ObjectNode doc = NODES.objectNode();
            doc.put("errorMessage", e.getMessage());
            doc.put("errorType", type);
            ArrayNode trace = doc.putArray("stackTrace");
            for (StackTraceElement el : e.getStackTrace()) {
                if (trace.size() == 10) {
                    break;
                }
                trace.add(el.toString());
            }
            if (e.getCause() != null && e.getCause() != e) {
                ObjectNode cause = doc.putObject("cause");
                cause.put("errorMessage", e.getCause().getMessage());
                cause.put("errorType", e.getCause().getClass().getName());
            }
            return doc;
        }

        private ObjectNode invokeResult(JsonNode payload) {
            String requestId = UUID.randomUUID().toString();
            String length = String.valueOf(Json.utf8Size(payload));
            ObjectNode headers = NODES.objectNode();
            headers.put("Connection", "keep-alive");
            headers.put("Content-Length", length);
            headers.put("Content-Type", "application/json");
            headers.put("Date", java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(clock.now().atZone(java.time.ZoneOffset.UTC)));
            headers.put("X-Amz-Executed-Version", "$LATEST");
            headers.put("x-amzn-Remapped-Content-Length", "0");
            headers.put("x-amzn-RequestId", requestId);
            headers.put("X-Amzn-Trace-Id", "Root=1-" + Long.toHexString(clock.now().getEpochSecond()) + "-local");
            ObjectNode all = NODES.objectNode();
            headers.fields().forEachRemaining(h -> all.putArray(h.getKey()).add(h.getValue()));
            ObjectNode out = NODES.objectNode();
            out.put("ExecutedVersion", "$LATEST");
            out.set("Payload", payload);
            ObjectNode http = out.putObject("SdkHttpMetadata");
            http.set("AllHttpHeaders", all);
            http.set("HttpHeaders", headers);
            http.put("HttpStatusCode", 200);
            out.putObject("SdkResponseMetadata").put("RequestId", requestId);
            out.put("StatusCode", 200);
            return out;
        }

        private JsonNode runMap(StateSpec.MapState m, JsonNode raw, Instant enteredAt, int retryCount, Lane thread) {
            JsonNode ctx = context(m, enteredAt, retryCount, null);
            JsonNode effective = m.inputPath().apply(raw, ctx);
            JsonNode items = m.itemsPath().read(effective, ctx);
            if (!items.isArray()) {
                throw StatesError.runtime("ItemsPath of state '" + m.name() + "' did not select an array: "
                        + Json.compact(items));
            }
            int n = items.size();
            ObjectNode startedDetails = NODES.objectNode();
            startedDetails.put("length", n);
            long mapStarted = event("MapStateStarted", thread.last, "mapStateStartedEventDetails", startedDetails);
            thread.last = mapStarted;
            int limit = m.maxConcurrency() == 0 ? Definition.INLINE_MAP_LIMIT
                    : Math.min(m.maxConcurrency(), Definition.INLINE_MAP_LIMIT);
            MapStats stats = mapStats.computeIfAbsent(m.name(), k -> new MapStats());
            stats.items.addAndGet(n);
            JsonNode[] results = new JsonNode[n];
            AtomicInteger next = new AtomicInteger();
            AtomicReference<StatesError> failure = new AtomicReference<>();
            AtomicReference<Long> freedBy = new AtomicReference<>(mapStarted);
            int workers = Math.min(limit, n);
            CountDownLatch finished = new CountDownLatch(workers);
            List<Future<?>> futures = new ArrayList<>();
            AtomicInteger inFlight = new AtomicInteger();
            for (int w = 0; w < workers; w++) {
                futures.add(threads.submit(() -> {
                    try {
                        int i;
                        while (failure.get() == null && (i = next.getAndIncrement()) < n) {
                            runIteration(m, i, items.get(i), effective, enteredAt, retryCount, results, failure,
                                    freedBy, stats, inFlight);
                        }
                    } finally {
                        finished.countDown();
                    }
                }));
            }
            try {
                while (!finished.await(20, TimeUnit.MILLISECONDS)) {
                    if (failure.get() != null) {
                        futures.forEach(f -> f.cancel(true));
                    }
                }
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                awaitQuietly(finished);
                Thread.currentThread().interrupt();
                throw new Aborted();
            }
            thread.last = freedBy.get();
            if (failure.get() != null) {
                thread.last = event("MapStateFailed", thread.last, null, null);
                throw failure.get();
            }
            thread.last = event("MapStateSucceeded", thread.last, null, null);
            JsonNode result = JsonPaths.array(java.util.Arrays.asList(results));
            if (m.resultSelector() != null) {
                result = m.resultSelector().evaluate(result, ctx);
            }
            return m.outputPath().apply(m.resultPath().apply(raw, result), ctx);
        }

        private void runIteration(StateSpec.MapState m, int index, JsonNode item, JsonNode mapInput, Instant enteredAt,
                                  int retryCount, JsonNode[] results, AtomicReference<StatesError> failure,
                                  AtomicReference<Long> freedBy, MapStats stats, AtomicInteger inFlight) {
            ObjectNode iteration = NODES.objectNode();
            iteration.put("name", m.name());
            iteration.put("index", index);
            Lane it = new Lane(0);
            it.last = event("MapIterationStarted", freedBy.get(), "mapIterationStartedEventDetails", iteration);
            stats.peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                JsonNode iterationInput = item;
                if (m.itemSelector() != null) {
                    ObjectNode mapItem = NODES.objectNode();
                    mapItem.put("Index", index);
                    mapItem.set("Value", item);
                    iterationInput = m.itemSelector().evaluate(mapInput, context(m, enteredAt, retryCount, mapItem));
                }
                results[index] = runScope(m.processor(), iterationInput, it);
                inFlight.decrementAndGet();
                freedBy.set(event("MapIterationSucceeded", it.last, "mapIterationSucceededEventDetails", iteration));
            } catch (StatesError e) {
                inFlight.decrementAndGet();
                if (failure.compareAndSet(null, e)) {
                    freedBy.set(event("MapIterationFailed", it.last, "mapIterationFailedEventDetails", iteration));
                } else {
                    event("MapIterationAborted", it.last, "mapIterationAbortedEventDetails", iteration);
                }
            } catch (Aborted e) {
                inFlight.decrementAndGet();
                event("MapIterationAborted", it.last, "mapIterationAbortedEventDetails", iteration);
            }
        }

        private void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void checkInterrupted() {
            if (Thread.currentThread().isInterrupted()) {
                throw new Aborted();
            }
        }

        private void checkSize(JsonNode value, String what) {
            int size = Json.utf8Size(value);
            if (size > MAX_PAYLOAD_BYTES) {
                throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, what + " is " + size
                        + " bytes, more than the maximum of " + MAX_PAYLOAD_BYTES);
            }
        }
    }

    private static String kind(StateSpec s) {
        if (s instanceof StateSpec.Pass) {
            return "Pass";
        }
        if (s instanceof StateSpec.Task) {
            return "Task";
        }
        if (s instanceof StateSpec.MapState) {
            return "Map";
        }
        if (s instanceof StateSpec.Choice) {
            return "Choice";
        }
        if (s instanceof StateSpec.Succeed) {
            return "Succeed";
        }
        return "Fail";
    }

    private static int firstMatch(List<List<String>> errorEquals, String error) {
        for (int i = 0; i < errorEquals.size(); i++) {
            List<String> names = errorEquals.get(i);
            if (names.contains(error) || names.contains(StatesError.ALL)
                    || names.contains(StatesError.TASK_FAILED) && !StatesError.TIMEOUT.equals(error)) {
                return i;
            }
        }
        return -1;
    }

    /** The last event of one thread of execution (the top level, or one Map iteration), for previousEventId. */
    private static final class Lane {
        long last;

        Lane(long last) {
            this.last = last;
        }
    }

    private static final class MapStats {
        final AtomicInteger items = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
    }

    /** Unwinds an iteration that was stopped because its Map failed (M-6) or the run was interrupted. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }
}
