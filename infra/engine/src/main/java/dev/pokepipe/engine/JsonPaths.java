package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JSONPath the way Step Functions evaluates it (asl-subset.md D-6..D-13): Jayway JsonPath over
 * Jackson nodes with default options. A definite path yields one value and fails with
 * {@code States.Runtime} when nothing matches; an indefinite one yields an array, empty when nothing
 * matches.
 */
final class JsonPaths {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(MAPPER))
            .mappingProvider(new JacksonMappingProvider(MAPPER))
            .build();
    // Jayway functions are written .name(...); no member step of a Path is followed by '('.
    private static final Pattern FUNCTION_CALL = Pattern.compile("\\.[A-Za-z]+\\(");
    private static final Pattern MEMBER_STEP = Pattern.compile("\\.([A-Za-z0-9_$-]+)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

    private JsonPaths() {
    }

    /** A compiled Path: either against the state's data ({@code $…}) or the context object ({@code $$…}). */
    record Path(String text, JsonPath compiled, boolean context) {

        boolean definite() {
            return compiled.isDefinite();
        }

        /** Evaluates against the data or the context, per D-8. */
        JsonNode read(JsonNode data, JsonNode context) {
            JsonNode root = this.context ? context : data;
            try {
                Object result = compiled.read(root, JAYWAY);
                if (result == null) {
                    return JsonNodeFactory.instance.nullNode();
                }
                return result instanceof JsonNode node ? node : MAPPER.valueToTree(result);
            } catch (PathNotFoundException e) {
                if (!definite()) {
                    return JsonNodeFactory.instance.arrayNode();
                }
                throw StatesError.runtime("The JSONPath '" + text + "' could not be found in the input '"
                        + Json.compact(root) + "'");
            } catch (RuntimeException e) {
                throw StatesError.runtime("The JSONPath '" + text + "' could not be applied to '"
                        + Json.compact(root) + "': " + e.getMessage());
            }
        }
    }

    /**
     * Compiles a Path ({@code $…} or {@code $$…}).
     *
     * @throws IllegalArgumentException with a reason when it is not a Path of the subset
     */
    static Path compile(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("is not a path (a path starts with $)");
        }
        boolean context = text.startsWith("$$");
        String jayway = context ? text.substring(1) : text;
        if (FUNCTION_CALL.matcher(jayway).find()) {
            throw new IllegalArgumentException("uses a JSONPath function, which the subset does not support");
        }
        try {
            return new Path(text, JsonPath.compile(jayway), context);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid JSONPath (" + e.getMessage() + ")");
        }
    }

    /**
     * Parses a Reference Path made of member steps only ({@code $}, {@code $.a.b}, {@code $['a']}),
     * as ResultPath needs (D-23: index steps are outside the subset there).
     */
    static List<String> memberSteps(String text, boolean allowIndex) {
        if (text == null || !text.startsWith("$") || text.startsWith("$$")) {
            throw new IllegalArgumentException("must be a reference path starting with $");
        }
        List<String> steps = new ArrayList<>();
        Matcher m = MEMBER_STEP.matcher(text);
        int pos = 1;
        while (pos < text.length()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("is not a reference path (only .name, ['name']"
                        + (allowIndex ? " and [n]" : "") + " steps are allowed)");
            }
            if (m.group(3) != null) {
                if (!allowIndex) {
                    throw new IllegalArgumentException("has an array index step, which the subset does not support here");
                }
                steps.add("[" + m.group(3));
            } else {
                steps.add(m.group(1) != null ? m.group(1) : m.group(2).replaceAll("\\\\(.)", "$1"));
            }
            pos = m.end();
        }
        return steps;
    }

    /** D-21..D-23: places {@code value} into a copy of {@code raw} at the member path. */
    static JsonNode applyResultPath(List<String> steps, JsonNode raw, JsonNode value) {
        if (steps.isEmpty()) {
            return value;
        }
        if (!raw.isObject()) {
            throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE,
                    "Unable to apply ResultPath to input '" + Json.compact(raw) + "': it is not an object");
        }
        ObjectNode root = ((ObjectNode) raw).deepCopy();
        ObjectNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            JsonNode child = node.get(steps.get(i));
            if (child == null || child.isNull()) {
                node = node.putObject(steps.get(i));
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                throw new StatesError(StatesError.RESULT_PATH_MATCH_FAILURE, "Unable to apply ResultPath: '"
                        + steps.get(i) + "' in '" + Json.compact(raw) + "' is not an object");
            }
        }
        node.set(steps.get(steps.size() - 1), value);
        return root;
    }

    /** Collects a list of values into a JSON array node. */
    static ArrayNode array(List<JsonNode> values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
