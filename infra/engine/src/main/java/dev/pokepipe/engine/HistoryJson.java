package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails.ExecutionAborted;
import dev.pokepipe.engine.EventDetails.ExecutionFailed;
import dev.pokepipe.engine.EventDetails.ExecutionStarted;
import dev.pokepipe.engine.EventDetails.ExecutionSucceeded;
import dev.pokepipe.engine.EventDetails.ExecutionTimedOut;
import dev.pokepipe.engine.EventDetails.MapIteration;
import dev.pokepipe.engine.EventDetails.MapIterationAborted;
import dev.pokepipe.engine.EventDetails.MapIterationFailed;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapIterationSucceeded;
import dev.pokepipe.engine.EventDetails.MapRunFailed;
import dev.pokepipe.engine.EventDetails.MapRunStarted;
import dev.pokepipe.engine.EventDetails.MapRunSucceeded;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;
import dev.pokepipe.engine.EventDetails.Other;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.StateExited;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.EventDetails.TaskScheduled;
import dev.pokepipe.engine.EventDetails.TaskStarted;
import dev.pokepipe.engine.EventDetails.TaskSucceeded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * History events in the JSON shape of {@code GetExecutionHistory} (asl-subset.md section 7), both
 * ways: the engine's history.json and the report's reading of a history, local or from AWS, go
 * through this one mapping.
 */
public final class HistoryJson {

    private HistoryJson() {
    }

    /** {@code {"events": [...]}}, oldest first. */
    public static ObjectNode toJson(List<HistoryEvent> history) {
        ObjectNode root = Json.emptyObject();
        var events = root.putArray("events");
        history.forEach(e -> events.add(toJson(e)));
        return root;
    }

    /** One event as the API returns it. */
    public static ObjectNode toJson(HistoryEvent e) {
        ObjectNode o = Json.emptyObject();
        o.put("id", e.id());
        o.put("timestamp", e.timestamp().toEpochMilli() / 1000.0);
        o.put("type", type(e.details()));
        o.put("previousEventId", e.previousEventId());
        ObjectNode details = details(e.details());
        if (details != null) {
            o.set(detailsName(e.details()), details);
        }
        return o;
    }

    /** The event type the API gives these details. */
    public static String type(EventDetails d) {
        if (d instanceof StateEntered s) {
            return s.stateType().label() + "StateEntered";
        }
        if (d instanceof StateExited s) {
            return s.stateType().label() + "StateExited";
        }
        if (d instanceof TaskFailed f) {
            return f.failure().type();
        }
        if (d instanceof Other o) {
            return o.type();
        }
        // Every other record is named exactly as the API names its event type.
        return d.getClass().getSimpleName();
    }

    private static String detailsName(EventDetails d) {
        if (d instanceof StateEntered) {
            return "stateEnteredEventDetails";
        }
        if (d instanceof StateExited) {
            return "stateExitedEventDetails";
        }
        if (d instanceof Other o) {
            return o.detailsName();
        }
        String type = type(d);
        return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    }

    private static ObjectNode details(EventDetails d) {
        ObjectNode o = Json.emptyObject();
        if (d instanceof ExecutionStarted s) {
            data(o, "input", s.input());
            put(o, "roleArn", s.roleArn());
        } else if (d instanceof ExecutionSucceeded s) {
            data(o, "output", s.output());
        } else if (d instanceof ExecutionFailed f) {
            error(o, f.error(), f.cause());
        } else if (d instanceof ExecutionAborted a) {
            error(o, a.error(), a.cause());
        } else if (d instanceof ExecutionTimedOut t) {
            error(o, t.error(), t.cause());
        } else if (d instanceof StateEntered s) {
            put(o, "name", s.name());
            data(o, "input", s.input());
        } else if (d instanceof StateExited s) {
            put(o, "name", s.name());
            data(o, "output", s.output());
        } else if (d instanceof TaskScheduled t) {
            resource(o, t.resourceType(), t.resource());
            put(o, "region", t.region());
            if (!t.parameters().isMissingNode()) {
                o.put("parameters", Json.compact(t.parameters()));
            }
            if (t.timeoutInSeconds() != null) {
                o.put("timeoutInSeconds", t.timeoutInSeconds());
            }
        } else if (d instanceof TaskStarted t) {
            resource(o, t.resourceType(), t.resource());
        } else if (d instanceof TaskSucceeded t) {
            resource(o, t.resourceType(), t.resource());
            data(o, "output", t.output());
        } else if (d instanceof TaskFailed f) {
            resource(o, f.resourceType(), f.resource());
            error(o, f.error(), f.cause());
        } else if (d instanceof MapStateStarted m) {
            o.put("length", m.length());
        } else if (d instanceof MapRunStarted r) {
            put(o, "mapRunArn", r.mapRunArn());
        } else if (d instanceof MapRunFailed f) {
            error(o, f.error(), f.cause());
        } else if (d instanceof MapIteration m) {
            put(o, "name", m.name());
            o.put("index", m.index());
        } else if (d instanceof Other other) {
            return other.details();
        } else {
            return null;
        }
        return o;
    }

    private static void put(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    /** An input or output text with its {@code ...Details}: the engine never truncates. */
    private static void data(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
            o.putObject(field + "Details").put("truncated", false);
        }
    }

    private static void error(ObjectNode o, String error, String cause) {
        put(o, "error", error);
        put(o, "cause", cause);
    }

    private static void resource(ObjectNode o, String resourceType, String resource) {
        put(o, "resourceType", resourceType);
        put(o, "resource", resource);
    }

    /**
     * Reads a history.
     *
     * @param history {@code {"events": [...]}} or the array of events itself
     * @throws IllegalArgumentException if an event lacks an id, a type or a numeric timestamp
     */
    public static List<HistoryEvent> read(JsonNode history) {
        JsonNode array = history.isArray() ? history : history.path("events");
        List<HistoryEvent> events = new ArrayList<>();
        for (JsonNode e : array) {
            if (!e.path("id").canConvertToLong() || !e.path("type").isTextual() || !e.path("timestamp").isNumber()) {
                throw new IllegalArgumentException("history event without id, type or numeric timestamp: " + e);
            }
            String type = e.get("type").asText();
            String detailsName = null;
            ObjectNode details = null;
            for (var field : e.properties()) {
                if (detailsName == null && field.getKey().endsWith("EventDetails") && field.getValue().isObject()) {
                    detailsName = field.getKey();
                    details = (ObjectNode) field.getValue();
                }
            }
            events.add(new HistoryEvent(e.get("id").asLong(),
                    Instant.ofEpochMilli(Math.round(e.get("timestamp").asDouble() * 1000)),
                    e.path("previousEventId").asLong(), details(type, detailsName, details)));
        }
        return events;
    }

    /**
     * The typed details of an event of {@code type}; the one place a history's parameters text is
     * parsed.
     *
     * @param details the event's details object, or null if it has none
     */
    public static EventDetails details(String type, String detailsName, ObjectNode details) {
        JsonNode d = details == null ? Json.emptyObject() : details;
        for (TaskFailure f : TaskFailure.values()) {
            if (f.type().equals(type)) {
                return new TaskFailed(f, text(d, "resourceType"), text(d, "resource"), text(d, "error"),
                        text(d, "cause"));
            }
        }
        for (StateType s : StateType.values()) {
            if (type.equals(s.label() + "StateEntered")) {
                return new StateEntered(s, text(d, "name"), text(d, "input"));
            }
            if (type.equals(s.label() + "StateExited")) {
                return new StateExited(s, text(d, "name"), text(d, "output"));
            }
        }
        return switch (type) {
            case "ExecutionStarted" -> new ExecutionStarted(text(d, "input"), text(d, "roleArn"));
            case "ExecutionSucceeded" -> new ExecutionSucceeded(text(d, "output"));
            case "ExecutionFailed" -> new ExecutionFailed(text(d, "error"), text(d, "cause"));
            case "ExecutionAborted" -> new ExecutionAborted(text(d, "error"), text(d, "cause"));
            case "ExecutionTimedOut" -> new ExecutionTimedOut(text(d, "error"), text(d, "cause"));
            case "TaskScheduled" -> new TaskScheduled(text(d, "resourceType"), text(d, "resource"), text(d, "region"),
                    parameters(text(d, "parameters")),
                    d.path("timeoutInSeconds").canConvertToInt() ? d.get("timeoutInSeconds").asInt() : null);
            case "TaskStarted" -> new TaskStarted(text(d, "resourceType"), text(d, "resource"));
            case "TaskSucceeded" -> new TaskSucceeded(text(d, "resourceType"), text(d, "resource"), text(d, "output"));
            case "MapStateStarted" -> new MapStateStarted(d.path("length").asInt());
            case "MapStateSucceeded" -> new MapStateSucceeded();
            case "MapStateFailed" -> new MapStateFailed();
            case "MapRunStarted" -> new MapRunStarted(text(d, "mapRunArn"));
            case "MapRunSucceeded" -> new MapRunSucceeded();
            case "MapRunFailed" -> new MapRunFailed(text(d, "error"), text(d, "cause"));
            case "MapIterationStarted" -> new MapIterationStarted(text(d, "name"), d.path("index").asInt());
            case "MapIterationSucceeded" -> new MapIterationSucceeded(text(d, "name"), d.path("index").asInt());
            case "MapIterationFailed" -> new MapIterationFailed(text(d, "name"), d.path("index").asInt());
            case "MapIterationAborted" -> new MapIterationAborted(text(d, "name"), d.path("index").asInt());
            default -> new Other(type, detailsName, details);
        };
    }

    private static JsonNode parameters(String text) {
        if (text == null) {
            return MissingNode.getInstance();
        }
        try {
            return Json.parse(text);
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = d.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
