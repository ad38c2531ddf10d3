package dev.pokepipe.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** Compact JSON text of nodes, as the engine writes it into history events and size checks. */
final class Json {

    private Json() {
    }

    static String compact(JsonNode node) {
        try {
            return JsonPaths.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static int utf8Size(JsonNode node) {
        return compact(node).getBytes(StandardCharsets.UTF_8).length;
    }

    static JsonNode parse(String text) throws JsonProcessingException {
        return JsonPaths.MAPPER.readTree(text);
    }

    static com.fasterxml.jackson.databind.node.ObjectNode emptyObject() {
        return JsonPaths.MAPPER.createObjectNode();
    }
}
