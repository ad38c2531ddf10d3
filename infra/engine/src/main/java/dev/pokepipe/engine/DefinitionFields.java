package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Reads the fields many state types share (transitions, paths, templates), refusing what the subset does not allow. */
final class DefinitionFields {

    private DefinitionFields() {
    }

    static StateSpec.Transition transition(JsonNode n, String where) {
        boolean end = n.path("End").asBoolean(false);
        boolean hasNext = n.path("Next").isTextual();
        if (end == hasNext) {
            throw DefinitionException.at(where, hasNext ? "End" : "Next",
                    "- a state needs exactly one of `Next` and `\"End\": true`");
        }
        return new StateSpec.Transition(hasNext ? n.get("Next").asText() : null, end);
    }

    static StateSpec.DataPath dataPath(JsonNode n, String field, String where) {
        if (!n.has(field)) {
            return new StateSpec.DataPath(JsonPaths.compile("$"));
        }
        if (n.get(field).isNull()) {
            return StateSpec.DataPath.NULL;
        }
        return new StateSpec.DataPath(path(n.get(field).asText(), where, field));
    }

    static JsonPaths.Path path(String text, String where, String field) {
        try {
            return JsonPaths.compile(text);
        } catch (IllegalArgumentException e) {
            throw DefinitionException.at(where, field, "`" + text + "` " + e.getMessage());
        }
    }

    static StateSpec.ResultPath resultPath(JsonNode n, String field, String where) {
        if (!n.has(field)) {
            return StateSpec.ResultPath.ROOT;
        }
        if (n.get(field).isNull()) {
            return new StateSpec.ResultPath(List.of(), true);
        }
        String text = n.get(field).asText();
        if (text.startsWith("$$")) {
            throw DefinitionException.at(where, field, "must not start with $$");
        }
        try {
            return new StateSpec.ResultPath(JsonPaths.memberSteps(text, false), false);
        } catch (IllegalArgumentException e) {
            throw DefinitionException.at(where, field, "`" + text + "` " + e.getMessage());
        }
    }

    static PayloadTemplate template(JsonNode n, String field, String where, boolean allowMap) {
        if (!n.has(field)) {
            return null;
        }
        return PayloadTemplate.compile(n.get(field), where, field, allowMap);
    }
}
