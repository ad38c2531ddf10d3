package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.MapRunFailed;
import dev.pokepipe.engine.EventDetails.MapRunStarted;
import dev.pokepipe.engine.EventDetails.MapRunSucceeded;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Distributed Map: one Map Run whose child executions, each with its own history and context
 * object, run the ItemProcessor on the items (or batches) an {@link ItemReaders} source streams in,
 * at most MaxConcurrency at once. Children are started only as slots free up, so items are read as
 * fast as they are run; results go to {@link ResultWriterFiles} or, without a ResultWriter, into an
 * array in item order as an inline Map returns it.
 */
final class DistributedMapAction {

    private final ExecutorService threads;
    private final ObjectStore store;
    private final int partBytes;
    private final Consumer<ExecutionResult> childListener;

    /** @param childListener sees every child execution's result, history included, as it ends; one at a time */
    DistributedMapAction(ExecutorService threads, ObjectStore store, int partBytes,
                         Consumer<ExecutionResult> childListener) {
        this.threads = threads;
        this.store = store;
        this.partBytes = partBytes;
        this.childListener = childListener;
    }

    StateAction.Step run(StateSpec.MapState m, JsonNode raw, Attempt attempt) {
        DistributedConfig d = m.distributed();
        JsonNode ctx = attempt.context();
        JsonNode effective = m.inputPath().apply(raw, ctx);
        Execution parent = attempt.run();
        String mapRunId = UUID.randomUUID().toString();
        MapRun run = new MapRun(m.name(), parent.identity().mapRunArn(d.label(), mapRunId), d);
        JsonNode inline = d.reader() == null ? itemsPathArray(m, effective, ctx) : null;
        // As AWS records it: the length is the ItemsPath array's, 0 when an ItemReader will stream the items.
        attempt.record(new MapStateStarted(inline == null ? 0 : inline.size()));
        attempt.record(new MapRunStarted(run.arn()));
        JsonNode result;
        try (ItemSource items = inline != null ? ItemReaders.of(inline)
                : ItemReaders.open(d.reader(), d.reader().parameters().evaluate(effective, ctx), store)) {
            result = runMap(m, effective, ctx, attempt, run, mapRunId, items);
        } catch (StatesError e) {
            attempt.record(new MapRunFailed(e.error(), e.cause()));
            attempt.record(new MapStateFailed());
            parent.mapRunEnded(run.result(ExecutionResult.Status.FAILED));
            throw e;
        }
        attempt.record(new MapRunSucceeded());
        attempt.record(new MapStateSucceeded());
        parent.mapRunEnded(run.result(ExecutionResult.Status.SUCCEEDED));
        if (m.resultSelector() != null) {
            result = m.resultSelector().evaluate(result, ctx);
        }
        return StateAction.Step.of(m.outputPath().apply(m.resultPath().apply(raw, result), ctx), m.transition());
    }

    /** Runs the children, writes the results; returns the Map's result before ResultSelector. */
    private JsonNode runMap(StateSpec.MapState m, JsonNode effective, JsonNode ctx, Attempt attempt, MapRun run,
                            String mapRunId, ItemSource items) {
        DistributedConfig d = m.distributed();
        Execution parent = attempt.run();
        StateMachineIdentity children = parent.identity().child(d.label());
        ResultWriterFiles files = d.resultWriter() == null ? null : new ResultWriterFiles(store,
                d.resultWriter().evaluate(effective, ctx), mapRunId, run.arn(), partBytes);
        List<JsonNode> results = new ArrayList<>();
        runChildren(m, new ChildInputs(m, items, effective, attempt, run), parent, children,
                new Outcomes(run, files, results, children));
        MapStats stats = parent.mapStats(m.name());
        MapRunResult counted = run.result(ExecutionResult.Status.SUCCEEDED);
        stats.items.addAndGet((int) counted.itemsTotal());
        stats.peak.accumulateAndGet(counted.peakConcurrency(), Math::max);
        ObjectNode details = files == null ? null : files.finish();
        if (run.exceeded()) {
            throw new StatesError(StatesError.EXCEED_TOLERATED_FAILURE_THRESHOLD, run.thresholdCause());
        }
        if (details == null) {
            return JsonPaths.array(results);
        }
        ObjectNode o = Json.emptyObject();
        o.put("MapRunArn", run.arn());
        o.set("ResultWriterDetails", details);
        return o;
    }

    private static JsonNode itemsPathArray(StateSpec.MapState m, JsonNode effective, JsonNode ctx) {
        JsonNode items = m.itemsPath().read(effective, ctx);
        if (!items.isArray()) {
            throw StatesError.runtime("ItemsPath of state '" + m.name() + "' did not select an array: "
                    + Json.compact(items));
        }
        return items;
    }

    /**
     * Starts a child per input as slots free up, until the inputs run out or the failures pass the
     * tolerance; then waits for every child in flight and marks what was never started PENDING.
     */
    private void runChildren(StateSpec.MapState m, ChildInputs inputs, Execution parent,
                             StateMachineIdentity children, Outcomes outcomes) {
        int limit = Definition.distributedLimit(m.maxConcurrency());
        Semaphore slots = new Semaphore(limit);
        AtomicReference<RuntimeException> broken = new AtomicReference<>();
        MapRun run = outcomes.run;
        try {
            try {
                while (broken.get() == null && !run.exceeded() && inputs.hasNext()) {
                    ChildInputs.Child child = inputs.next();
                    outcomes.reserve();
                    slots.acquire();
                    if (broken.get() != null || run.exceeded()) {
                        slots.release();
                        outcomes.pending(child);
                        break;
                    }
                    run.started();
                    threads.submit(() -> {
                        try {
                            ExecutionResult result = parent.child(UUID.randomUUID().toString(), child.input(), children)
                                    .run(m.processor());
                            outcomes.ended(child, result);
                            synchronized (childListener) {
                                childListener.accept(result);
                            }
                        } catch (RuntimeException e) {
                            broken.compareAndSet(null, e);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } finally {
                slots.acquire(limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
        if (broken.get() != null) {
            RuntimeException e = broken.get();
            throw e instanceof StatesError se ? se : StatesError.runtime("a child execution of Map '" + m.name()
                    + "' broke: " + e);
        }
        while (inputs.hasNext()) {
            ChildInputs.Child child = inputs.next();
            outcomes.reserve();
            outcomes.pending(child);
        }
        run.allRead();
    }

    /** Where each child's outcome goes: the Map Run's counts, and a results file or the result array. */
    private static final class Outcomes {
        final MapRun run;
        final ResultWriterFiles files;
        final List<JsonNode> results;
        final StateMachineIdentity children;

        Outcomes(MapRun run, ResultWriterFiles files, List<JsonNode> results, StateMachineIdentity children) {
            this.run = run;
            this.files = files;
            this.results = results;
            this.children = children;
        }

        /** Holds the child's place in the result array, so results land in item order whenever they end. */
        void reserve() {
            if (files == null) {
                synchronized (results) {
                    results.add(null);
                }
            }
        }

        void pending(ChildInputs.Child child) {
            run.pending(child.items());
            if (files != null) {
                files.add(ResultWriterFiles.Status.PENDING, ChildExecutionRecord.of(null, children, child.input()));
            }
        }

        void ended(ChildInputs.Child child, ExecutionResult result) {
            run.ended(result, child.items());
            boolean ok = result.status() == ExecutionResult.Status.SUCCEEDED;
            if (files != null) {
                files.add(ok ? ResultWriterFiles.Status.SUCCEEDED : ResultWriterFiles.Status.FAILED,
                        ChildExecutionRecord.of(result, children, child.input()));
            } else {
                JsonNode out = ok ? result.output() : ChildExecutionRecord.of(result, children, child.input());
                synchronized (results) {
                    results.set(child.index(), out);
                }
            }
        }
    }
}
