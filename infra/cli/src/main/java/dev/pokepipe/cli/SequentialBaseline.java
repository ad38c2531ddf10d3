package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The study's sequential baseline: the real definition with every Map, nested ones included, at MaxConcurrency 1. */
final class SequentialBaseline {

    private SequentialBaseline() {
    }

    /** {@code definition} with every Map state at {@code MaxConcurrency} 1 and nothing else changed. */
    static String of(String definition) {
        try {
            JsonNode root = new ObjectMapper().readTree(definition);
            forceSequential(root);
            return root.toPrettyString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forceSequential(JsonNode scope) {
        Iterator<Map.Entry<String, JsonNode>> states = scope.path("States").fields();
        while (states.hasNext()) {
            JsonNode state = states.next().getValue();
            if ("Map".equals(state.path("Type").asText())) {
                ((ObjectNode) state).put("MaxConcurrency", 1);
                forceSequential(state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator"));
            }
        }
    }
}
