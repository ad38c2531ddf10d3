package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Calls a Task's {@link TaskHandler} and turns what it throws into the error Lambda would report. */
final class TaskInvoker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<String, TaskHandler> handlers;

    TaskInvoker(Map<String, TaskHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** @throws StatesError Lambda.ResourceNotFoundException if no handler has this function name or ARN */
    TaskHandler handler(String key) {
        TaskHandler handler = handlers.get(key);
        if (handler == null) {
            throw new StatesError("Lambda.ResourceNotFoundException", "Function not found: " + key
                    + " (no local handler has this name)");
        }
        return handler;
    }

    /** The handler's result for a copy of {@code event}, so a handler cannot change the state's data. */
    JsonNode call(TaskHandler handler, JsonNode event) {
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
    private static ObjectNode errorDocument(Throwable e, String type) {
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
}
