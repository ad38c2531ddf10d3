package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Distributed Map's items into child execution inputs: each item through ItemSelector
 * (with {@code $$.Map.Item.Index} and {@code Value}), then, with an ItemBatcher, up to
 * MaxItemsPerBatch of them as {@code {"BatchInput": …, "Items": […]}}. Reads only as many items as
 * the next child needs.
 */
final class ChildInputs {

    /**
     * One child execution's input.
     *
     * @param index its place among the Map's children, the place of its result
     * @param items how many items it carries: 1, or its batch's size
     */
    record Child(int index, JsonNode input, int items) {
    }

    private final StateSpec.MapState map;
    private final ItemSource items;
    private final JsonNode mapInput;
    private final Attempt attempt;
    private final MapRun run;
    private final JsonNode batchInput;
    private int itemIndex;
    private int childIndex;

    ChildInputs(StateSpec.MapState map, ItemSource items, JsonNode mapInput, Attempt attempt, MapRun run) {
        this.map = map;
        this.items = items;
        this.mapInput = mapInput;
        this.attempt = attempt;
        this.run = run;
        DistributedConfig.ItemBatcher batcher = map.distributed().batcher();
        this.batchInput = batcher == null || batcher.batchInput() == null ? null
                : batcher.batchInput().evaluate(mapInput, attempt.context());
    }

    /** @throws StatesError States.ItemReaderFailed if the next item cannot be read */
    boolean hasNext() {
        return items.hasNext();
    }

    /**
     * The next child's input.
     *
     * @throws StatesError States.ItemReaderFailed if an item cannot be read; States.DataLimitExceeded
     *                     if the input is over the payload quota
     */
    Child next() {
        DistributedConfig.ItemBatcher batcher = map.distributed().batcher();
        JsonNode input;
        int count;
        if (batcher == null) {
            input = selected(items.next());
            count = 1;
        } else {
            ArrayNode batch = JsonNodeFactory.instance.arrayNode();
            while (batch.size() < batcher.maxItemsPerBatch() && items.hasNext()) {
                batch.add(selected(items.next()));
            }
            ObjectNode o = Json.emptyObject();
            if (batchInput != null) {
                o.set("BatchInput", batchInput);
            }
            o.set("Items", batch);
            input = o;
            count = batch.size();
        }
        run.read(count);
        Payloads.check(input, "the input of a child execution of Map '" + map.name() + "'");
        return new Child(childIndex++, input, count);
    }

    private JsonNode selected(JsonNode item) {
        int index = itemIndex++;
        if (map.itemSelector() == null) {
            return item;
        }
        ObjectNode mapItem = JsonNodeFactory.instance.objectNode();
        mapItem.put("Index", index);
        mapItem.set("Value", item);
        return map.itemSelector().evaluate(mapInput, attempt.context(mapItem));
    }
}
