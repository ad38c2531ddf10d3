package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.engine.HistoryJson;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Step Functions' history events as pokepipe's typed {@link HistoryEvent}s: the SDK's details are
 * put in the API's wire shape and read by {@link HistoryJson}, the one reader of history JSON, so
 * the progress line, history.json and the report read events from AWS as they read the local
 * engine's.
 */
final class HistoryEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HistoryEvents() {
    }

    static HistoryEvent of(software.amazon.awssdk.services.sfn.model.HistoryEvent event) {
        String detailsName = null;
        ObjectNode details = null;
        for (SdkField<?> field : event.sdkFields()) {
            Object value = field.getValueOrDefault(event);
            if (value instanceof SdkPojo && field.locationName().endsWith("EventDetails")) {
                detailsName = field.locationName();
                details = (ObjectNode) json(value);
            }
        }
        return new HistoryEvent(event.id(), event.timestamp(),
                event.previousEventId() == null ? 0 : event.previousEventId(),
                HistoryJson.details(event.typeAsString(), detailsName, details));
    }

    private static JsonNode json(Object value) {
        if (value instanceof SdkPojo pojo) {
            ObjectNode o = NODES.objectNode();
            for (SdkField<?> field : pojo.sdkFields()) {
                Object v = field.getValueOrDefault(pojo);
                if (v != null) {
                    o.set(field.locationName(), json(v));
                }
            }
            return o;
        }
        if (value instanceof Collection<?> list) {
            var array = NODES.arrayNode();
            list.forEach(v -> array.add(json(v)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), json(v)));
            return o;
        }
        if (value instanceof Instant t) {
            return NODES.numberNode(t.toEpochMilli() / 1000.0);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        return NODES.textNode(String.valueOf(value));
    }
}
