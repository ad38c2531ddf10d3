package dev.pokepipe.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The intrinsic functions of the subset (asl-subset.md section 6): parsed when the definition is
 * loaded, evaluated per state visit.
 */
final class Intrinsics {

    /** Arity per function; -1 means variadic. */
    private static final Map<String, Integer> FUNCTIONS = Map.of(
            "States.Format", -1,
            "States.StringToJson", 1,
            "States.JsonToString", 1,
            "States.Array", -1,
            "States.ArrayLength", 1,
            "States.ArrayUnique", 1,
            "States.ArrayRange", 3,
            "States.MathAdd", 2);
    private static final int MAX_NESTING = 10;
    private static final int MAX_RANGE = 1000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Intrinsics() {
    }

    /** One argument or call in a parsed expression. */
    sealed interface Expr permits Call, Literal, PathArg {
        JsonNode eval(JsonNode data, JsonNode context);
    }

    record Literal(JsonNode value) implements Expr {
        @Override
        public JsonNode eval(JsonNode data, JsonNode context) {
            return value;
        }
    }

    record PathArg(JsonPaths.Path path) implements Expr {
        @Override
        public JsonNode eval(JsonNode data, JsonNode context) {
            return path.read(data, context);
        }
    }

    record Call(String name, List<Expr> args) implements Expr {
        @Override
        public JsonNode eval(JsonNode data, JsonNode context) {
            List<JsonNode> values = new ArrayList<>(args.size());
            for (Expr a : args) {
                values.add(a.eval(data, context));
            }
            return apply(this, values);
        }
    }

    /** True when {@code text} looks like a call, {@code Name(…)}. */
    static boolean isCall(String text) {
        return text != null && text.matches("(?s)\\s*States\\.[A-Za-z]+\\(.*\\)\\s*");
    }

    /**
     * Parses a call.
     *
     * @throws IllegalArgumentException naming what is wrong (S-13)
     */
    static Call parse(String text) {
        Parser p = new Parser(text);
        Expr e = p.expr(0);
        p.skipSpaces();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("has unexpected text after the call at position " + p.pos);
        }
        if (!(e instanceof Call call)) {
            throw new IllegalArgumentException("is not an intrinsic function call");
        }
        return call;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        Expr expr(int depth) {
            skipSpaces();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("ends where an argument was expected");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return new Literal(NODES.textNode(string()));
            }
            if (c == '$') {
                return new PathArg(path());
            }
            if (s.startsWith("States.", pos)) {
                return call(depth);
            }
            String word = word();
            switch (word) {
                case "null" -> {
                    return new Literal(NODES.nullNode());
                }
                case "true" -> {
                    return new Literal(NODES.booleanNode(true));
                }
                case "false" -> {
                    return new Literal(NODES.booleanNode(false));
                }
                default -> {
                    try {
                        return new Literal(NODES.numberNode(new BigDecimal(word)));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("has an argument that is not a string, number, path or call: '"
                                + word + "'");
                    }
                }
            }
        }

        private Call call(int depth) {
            if (depth >= MAX_NESTING) {
                throw new IllegalArgumentException("nests more than " + MAX_NESTING + " intrinsic calls");
            }
            int open = s.indexOf('(', pos);
            if (open < 0) {
                throw new IllegalArgumentException("has a call without '('");
            }
            String name = s.substring(pos, open).trim();
            Integer arity = FUNCTIONS.get(name);
            if (arity == null) {
                throw new IllegalArgumentException("calls " + name + ", which is not an intrinsic function of the subset");
            }
            pos = open + 1;
            List<Expr> args = new ArrayList<>();
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == ')') {
                pos++;
            } else {
                while (true) {
                    args.add(expr(depth + 1));
                    skipSpaces();
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("has an unclosed call of " + name);
                    }
                    char c = s.charAt(pos++);
                    if (c == ')') {
                        break;
                    }
                    if (c != ',') {
                        throw new IllegalArgumentException("expects ',' or ')' at position " + (pos - 1));
                    }
                }
            }
            if (arity >= 0 && args.size() != arity) {
                throw new IllegalArgumentException("calls " + name + " with " + args.size() + " arguments; it takes "
                        + arity);
            }
            if (name.equals("States.Format") && args.isEmpty()) {
                throw new IllegalArgumentException("calls States.Format without a template");
            }
            // Only a Format template keeps its escapes, so that \{ \} stay literal braces there.
            for (int i = name.equals("States.Format") ? 1 : 0; i < args.size(); i++) {
                if (args.get(i) instanceof Literal lit && lit.value().isTextual()) {
                    args.set(i, new Literal(NODES.textNode(lit.value().textValue().replaceAll("\\\\(.)", "$1"))));
                }
            }
            if (name.equals("States.JsonToString") && !(args.get(0) instanceof PathArg)) {
                throw new IllegalArgumentException("calls States.JsonToString with an argument that is not a path");
            }
            return new Call(name, args);
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= s.length()) {
                    throw new IllegalArgumentException("has an unbalanced quote");
                }
                char c = s.charAt(pos++);
                if (c == '\'') {
                    return b.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw new IllegalArgumentException("has a dangling \\");
                    }
                    char e = s.charAt(pos++);
                    if (e != '\'' && e != '{' && e != '}' && e != '\\') {
                        throw new IllegalArgumentException("escapes '" + e + "', only \\' \\{ \\} \\\\ are allowed");
                    }
                    b.append('\\').append(e);
                } else {
                    b.append(c);
                }
            }
        }

        private JsonPaths.Path path() {
            int start = pos;
            int brackets = 0;
            boolean quoted = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (quoted) {
                    if (c == '\\') {
                        pos++;
                    } else if (c == '\'') {
                        quoted = false;
                    }
                } else if (c == '\'') {
                    quoted = true;
                } else if (c == '[' || c == '(') {
                    brackets++;
                } else if (c == ']' || c == ')') {
                    if (brackets == 0) {
                        break;
                    }
                    brackets--;
                } else if (c == ',' && brackets == 0) {
                    break;
                }
                pos++;
            }
            String text = s.substring(start, pos).trim();
            try {
                return JsonPaths.compile(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("has a path argument '" + text + "' that " + e.getMessage());
            }
        }

        private String word() {
            int start = pos;
            while (pos < s.length() && ",)".indexOf(s.charAt(pos)) < 0 && !Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
            return s.substring(start, pos);
        }
    }

    private static JsonNode apply(Call call, List<JsonNode> v) {
        switch (call.name()) {
            case "States.Format" -> {
                return NODES.textNode(format(v));
            }
            case "States.StringToJson" -> {
                if (!v.get(0).isTextual()) {
                    throw StatesError.intrinsic("States.StringToJson needs a string, got " + Json.compact(v.get(0)));
                }
                try {
                    return Json.parse(v.get(0).textValue());
                } catch (JsonProcessingException e) {
                    throw StatesError.intrinsic("States.StringToJson: not valid JSON: " + v.get(0).textValue());
                }
            }
            case "States.JsonToString" -> {
                return NODES.textNode(Json.compact(v.get(0)));
            }
            case "States.Array" -> {
                return JsonPaths.array(v);
            }
            case "States.ArrayLength" -> {
                if (!v.get(0).isArray()) {
                    throw StatesError.intrinsic("States.ArrayLength needs an array, got " + Json.compact(v.get(0)));
                }
                return NODES.numberNode(v.get(0).size());
            }
            case "States.ArrayUnique" -> {
                if (!v.get(0).isArray()) {
                    throw StatesError.intrinsic("States.ArrayUnique needs an array, got " + Json.compact(v.get(0)));
                }
                return unique(v.get(0));
            }
            case "States.ArrayRange" -> {
                return range(integer(call, v.get(0)), integer(call, v.get(1)), integer(call, v.get(2)));
            }
            case "States.MathAdd" -> {
                long sum = (long) integer(call, v.get(0)) + integer(call, v.get(1));
                return NODES.numberNode(sum);
            }
            default -> throw new IllegalStateException("parsed an unknown function " + call.name());
        }
    }

    /** The array's values in first-seen order, each once; numbers are equal by value, so 2 and 2.0 are one. */
    private static ArrayNode unique(JsonNode array) {
        Set<Object> seen = new HashSet<>();
        ArrayNode out = NODES.arrayNode();
        for (JsonNode item : array) {
            Object key = item.isNumber() ? item.decimalValue().stripTrailingZeros() : item;
            if (seen.add(key)) {
                out.add(item);
            }
        }
        return out;
    }

    private static String format(List<JsonNode> v) {
        if (!v.get(0).isTextual()) {
            throw StatesError.intrinsic("States.Format needs a string template, got " + Json.compact(v.get(0)));
        }
        String template = v.get(0).textValue();
        StringBuilder out = new StringBuilder();
        int arg = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                if (arg >= v.size()) {
                    throw StatesError.intrinsic("States.Format: the template has more {} than arguments");
                }
                JsonNode value = v.get(arg++);
                if (value.isContainerNode()) {
                    throw StatesError.intrinsic("States.Format: argument " + (arg - 1) + " is an object or array");
                }
                out.append(value.isTextual() ? value.textValue() : natural(value));
                i++;
            } else {
                out.append(c);
            }
        }
        if (arg != v.size()) {
            throw StatesError.intrinsic("States.Format: " + (v.size() - 1) + " arguments for " + (arg - 1) + " {}");
        }
        return out.toString();
    }

    private static String natural(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal d = value.decimalValue().stripTrailingZeros();
            return d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        }
        return value.asText();
    }

    private static int integer(Call call, JsonNode value) {
        if (!value.isNumber()) {
            throw StatesError.intrinsic(call.name() + " needs numbers, got " + Json.compact(value));
        }
        BigDecimal rounded = value.decimalValue().setScale(0, RoundingMode.HALF_UP);
        if (rounded.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
                || rounded.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw StatesError.intrinsic(call.name() + ": " + value + " is outside the 32-bit integer range");
        }
        return rounded.intValue();
    }

    private static ArrayNode range(int start, int end, int step) {
        if (step == 0) {
            throw StatesError.intrinsic("States.ArrayRange: step must not be 0");
        }
        ArrayNode out = NODES.arrayNode();
        for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
            if (out.size() == MAX_RANGE) {
                throw StatesError.intrinsic("States.ArrayRange: more than " + MAX_RANGE + " elements");
            }
            out.add((int) v);
        }
        return out;
    }
}
