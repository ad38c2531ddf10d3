package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;

import java.util.Arrays;

/**
 * Inline Map: runs its ItemProcessor once per item of ItemsPath, each on the input ItemSelector
 * makes of it, and gathers the results in item order; {@link MapScheduler} decides when each runs.
 * A Map in Distributed mode goes to {@link DistributedMapAction}.
 */
final class MapAction implements StateAction<StateSpec.MapState> {

    private final MapScheduler scheduler;
    private final DistributedMapAction distributed;

    MapAction(MapScheduler scheduler, DistributedMapAction distributed) {
        this.scheduler = scheduler;
        this.distributed = distributed;
    }

    @Override
    public Step run(StateSpec.MapState m, JsonNode raw, Attempt attempt) {
        if (m.distributed() != null) {
            return distributed.run(m, raw, attempt);
        }
        JsonNode ctx = attempt.context();
        JsonNode effective = m.inputPath().apply(raw, ctx);
        JsonNode items = m.itemsPath().read(effective, ctx);
        if (!items.isArray()) {
            throw StatesError.runtime("ItemsPath of state '" + m.name() + "' did not select an array: "
                    + Json.compact(items));
        }
        int n = items.size();
        attempt.record(new MapStateStarted(n));
        MapStats stats = attempt.run().mapStats(m.name());
        stats.items.addAndGet(n);
        Execution run = attempt.run();
        JsonNode[] results;
        try {
            results = scheduler.run(m.name(), n, Definition.mapLimit(m.maxConcurrency()), attempt.lane(), run.history(), stats,
                    (index, lane) -> run.runScope(m.processor(), iterationInput(m, items.get(index), index,
                            effective, attempt), lane));
        } catch (StatesError e) {
            attempt.record(new MapStateFailed());
            throw e;
        }
        attempt.record(new MapStateSucceeded());
        JsonNode result = JsonPaths.array(Arrays.asList(results));
        if (m.resultSelector() != null) {
            result = m.resultSelector().evaluate(result, ctx);
        }
        return Step.of(m.outputPath().apply(m.resultPath().apply(raw, result), ctx), m.transition());
    }

    private static JsonNode iterationInput(StateSpec.MapState m, JsonNode item, int index, JsonNode mapInput,
                                           Attempt attempt) {
        if (m.itemSelector() == null) {
            return item;
        }
        ObjectNode mapItem = JsonNodeFactory.instance.objectNode();
        mapItem.put("Index", index);
        mapItem.set("Value", item);
        return m.itemSelector().evaluate(mapInput, attempt.context(mapItem));
    }
}
