package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads a state's Retry and Catch fields (asl-subset.md, R-1..R-6 and C-1..C-3). */
final class RetryCatchParser {

    private RetryCatchParser() {
    }

    static List<StateSpec.Retrier> retriers(JsonNode n, String where) {
        List<StateSpec.Retrier> out = new ArrayList<>();
        JsonNode list = n.path("Retry");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String f = "Retry[" + i + "]";
            r.fieldNames().forEachRemaining(k -> {
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                        "JitterStrategy", "Comment").contains(k)) {
                    throw DefinitionException.at(where, f + "." + k, "is not supported by the local engine");
                }
            });
            List<String> errors = errorEquals(r, where, f, i == list.size() - 1);
            int interval = integer(r, "IntervalSeconds", 1, 1, 99_999_999, where, f);
            int attempts = integer(r, "MaxAttempts", 3, 0, 99_999_999, where, f);
            double backoff = r.has("BackoffRate") ? r.get("BackoffRate").asDouble() : 2.0;
            if (!r.path("BackoffRate").isMissingNode() && (!r.get("BackoffRate").isNumber() || backoff < 1.0)) {
                throw DefinitionException.at(where, f + ".BackoffRate", "must be a number >= 1.0");
            }
            Integer maxDelay = r.has("MaxDelaySeconds")
                    ? integer(r, "MaxDelaySeconds", 0, 1, 31_622_400, where, f) : null;
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
                throw DefinitionException.at(where, f + ".JitterStrategy", "must be FULL or NONE");
            }
            out.add(new StateSpec.Retrier(errors, interval, attempts, backoff, maxDelay, jitter.equals("FULL")));
        }
        return out;
    }

    static List<StateSpec.Catcher> catchers(JsonNode n, String where) {
        List<StateSpec.Catcher> out = new ArrayList<>();
        JsonNode list = n.path("Catch");
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String f = "Catch[" + i + "]";
            c.fieldNames().forEachRemaining(k -> {
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Comment").contains(k)) {
                    throw DefinitionException.at(where, f + "." + k, "is not supported by the local engine");
                }
            });
            if (!c.path("Next").isTextual()) {
                throw DefinitionException.at(where, f + ".Next", "is required");
            }
            out.add(new StateSpec.Catcher(errorEquals(c, where, f, i == list.size() - 1), c.get("Next").asText(),
                    DefinitionFields.resultPath(c, "ResultPath", where)));
        }
        return out;
    }

    private static List<String> errorEquals(JsonNode r, String where, String f, boolean last) {
        JsonNode e = r.path("ErrorEquals");
        if (!e.isArray() || e.isEmpty()) {
            throw DefinitionException.at(where, f + ".ErrorEquals", "must be a non-empty array of error names");
        }
        List<String> names = new ArrayList<>();
        e.forEach(x -> names.add(x.asText()));
        if (names.contains(StatesError.ALL) && (names.size() != 1 || !last)) {
            throw DefinitionException.at(where, f + ".ErrorEquals",
                    "States.ALL must stand alone, in the last retrier or catcher");
        }
        return names;
    }

    private static int integer(JsonNode r, String field, int dflt, int min, int max, String where, String f) {
        if (!r.has(field)) {
            return dflt;
        }
        JsonNode v = r.get(field);
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw DefinitionException.at(where, f + "." + field, "must be an integer from " + min + " to " + max);
        }
        return v.asInt();
    }
}
