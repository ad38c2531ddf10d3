package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}): copied as
 * is, except that keys ending in {@code .$}, at any depth, take the value of their path, context
 * path or intrinsic call (D-14). Expressions are compiled once, at load.
 */
final class PayloadTemplate {

    private final JsonNode template;
    private final Map<JsonNode, Map<String, Intrinsics.Expr>> expressions;

    private PayloadTemplate(JsonNode template, Map<JsonNode, Map<String, Intrinsics.Expr>> expressions) {
        this.template = template;
        this.expressions = expressions;
    }

    /**
     * Compiles {@code template}; {@code where} and {@code field} name it in errors.
     *
     * @param allowMapContext whether {@code $$.Map…} may be used (ItemSelector only, S-12)
     */
    static PayloadTemplate compile(JsonNode template, String where, String field, boolean allowMapContext) {
        Map<JsonNode, Map<String, Intrinsics.Expr>> expressions = new IdentityHashMap<>();
        check(template, where, field, allowMapContext, expressions);
        return new PayloadTemplate(template, expressions);
    }

    private static void check(JsonNode node, String where, String field, boolean allowMap,
                              Map<JsonNode, Map<String, Intrinsics.Expr>> out) {
        if (node.isArray()) {
            node.forEach(n -> check(n, where, field, allowMap, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!names.add(name)) {
                throw DefinitionException.at(where, field, "has the key `" + name + "` twice once `.$` is stripped");
            }
            if (key.endsWith(".$")) {
                String location = field + "." + key;
                if (!e.getValue().isTextual()) {
                    throw DefinitionException.at(where, location, "must be a string: a path, a context path or an intrinsic call");
                }
                out.computeIfAbsent(node, n -> new HashMap<>()).put(key, expression(e.getValue().textValue(), where, location, allowMap));
            } else {
                check(e.getValue(), where, field + "." + key, allowMap, out);
            }
        }
    }

    /** Parses a path, context path or intrinsic call as a template value or an ErrorPath/CausePath. */
    static Intrinsics.Expr expression(String text, String where, String field, boolean allowMap) {
        if (text.startsWith("$$.Map") && !allowMap) {
            throw DefinitionException.at(where, field, "uses `" + text + "`, which is only allowed in a Map's ItemSelector");
        }
        if (text.startsWith("$$.Task")) {
            throw DefinitionException.at(where, field, "uses `" + text + "`: there are no callback tasks in the subset");
        }
        try {
            if (text.startsWith("$")) {
                return new Intrinsics.PathArg(JsonPaths.compile(text));
            }
            if (Intrinsics.isCall(text)) {
                return Intrinsics.parse(text);
            }
        } catch (IllegalArgumentException e) {
            throw DefinitionException.at(where, field, "`" + text + "` " + e.getMessage());
        }
        throw DefinitionException.at(where, field, "`" + text + "` is neither a path nor an intrinsic function call");
    }

    /** Evaluates the template against {@code input} and the context object. */
    JsonNode evaluate(JsonNode input, JsonNode context) {
        return eval(template, input, context);
    }

    private JsonNode eval(JsonNode node, JsonNode input, JsonNode context) {
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(eval(n, input, context)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.endsWith(".$")) {
                out.set(key.substring(0, key.length() - 2),
                        expressions.get(node).get(key).eval(input, context));
            } else {
                out.set(key, eval(e.getValue(), input, context));
            }
        }
        return out;
    }
}
