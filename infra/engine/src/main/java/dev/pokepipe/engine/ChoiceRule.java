package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** A Choice state's rule: a comparison on a Variable, or And/Or/Not of rules (asl-subset.md F-1..F-4). */
sealed interface ChoiceRule {

    boolean test(JsonNode input, JsonNode context);

    Set<String> TYPE_TESTS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp");
    Set<String> COMPARISONS = Set.of(
            "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals",
            "StringMatches", "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals",
            "NumericGreaterThanEquals", "BooleanEquals", "TimestampEquals", "TimestampLessThan",
            "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals");

    record And(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule r : rules) {
                if (!r.test(input, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<ChoiceRule> rules) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (ChoiceRule r : rules) {
                if (r.test(input, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(ChoiceRule rule) implements ChoiceRule {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return !rule.test(input, context);
        }
    }

    record Comparison(JsonPaths.Path variable, String operator, JsonNode value, JsonPaths.Path valuePath)
            implements ChoiceRule {

        @Override
        public boolean test(JsonNode input, JsonNode context) {
            if (operator.equals("IsPresent")) {
                boolean present;
                try {
                    JsonNode v = variable.read(input, context);
                    present = variable.definite() || v.size() > 0;
                } catch (StatesError e) {
                    present = false;
                }
                return present == value.asBoolean();
            }
            JsonNode actual = variable.read(input, context);
            if (TYPE_TESTS.contains(operator)) {
                boolean is = switch (operator) {
                    case "IsNull" -> actual.isNull();
                    case "IsNumeric" -> actual.isNumber();
                    case "IsString" -> actual.isTextual();
                    case "IsBoolean" -> actual.isBoolean();
                    default -> actual.isTextual() && timestamp(actual.textValue()) != null;
                };
                return is == value.asBoolean();
            }
            JsonNode expected = valuePath != null ? valuePath.read(input, context) : value;
            String base = operator.endsWith("Path") ? operator.substring(0, operator.length() - 4) : operator;
            if (base.startsWith("String")) {
                if (!actual.isTextual() || !expected.isTextual()) {
                    return false;
                }
                if (base.equals("StringMatches")) {
                    return matches(actual.textValue(), expected.textValue());
                }
                return compare(base.substring("String".length()), actual.textValue().compareTo(expected.textValue()));
            }
            if (base.startsWith("Numeric")) {
                if (!actual.isNumber() || !expected.isNumber()) {
                    return false;
                }
                return compare(base.substring("Numeric".length()), actual.decimalValue().compareTo(expected.decimalValue()));
            }
            if (base.equals("BooleanEquals")) {
                return actual.isBoolean() && expected.isBoolean() && actual.booleanValue() == expected.booleanValue();
            }
            OffsetDateTime a = actual.isTextual() ? timestamp(actual.textValue()) : null;
            OffsetDateTime b = expected.isTextual() ? timestamp(expected.textValue()) : null;
            if (a == null || b == null) {
                return false;
            }
            return compare(base.substring("Timestamp".length()), a.toInstant().compareTo(b.toInstant()));
        }

        private static boolean compare(String relation, int c) {
            return switch (relation) {
                case "Equals" -> c == 0;
                case "LessThan" -> c < 0;
                case "GreaterThan" -> c > 0;
                case "LessThanEquals" -> c <= 0;
                case "GreaterThanEquals" -> c >= 0;
                default -> throw new IllegalStateException(relation);
            };
        }

        private static OffsetDateTime timestamp(String text) {
            if (!text.contains("T")) {
                return null;
            }
            try {
                return OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** F-4: {@code *} is any run of characters; {@code \*} and {@code \\} are literals. */
        static boolean matches(String text, String pattern) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else if (c == '*') {
                    regex.append(".*");
                } else {
                    regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
        }
    }

    /** Parses a rule; {@code top} rules carry {@code Next}, nested ones must not (S-14). */
    static ChoiceRule parse(JsonNode rule, String where, String field, boolean top) {
        if (!rule.isObject()) {
            throw DefinitionException.at(where, field, "must be an object");
        }
        List<String> keys = new ArrayList<>();
        rule.fieldNames().forEachRemaining(keys::add);
        if (top && !rule.path("Next").isTextual()) {
            throw DefinitionException.at(where, field, "needs a `Next`");
        }
        if (!top && rule.has("Next")) {
            throw DefinitionException.at(where, field + ".Next", "is only allowed on top-level rules");
        }
        keys.remove("Next");
        keys.remove("Comment");
        if (keys.contains("And") || keys.contains("Or")) {
            String op = keys.contains("And") ? "And" : "Or";
            if (keys.size() != 1 || !rule.get(op).isArray() || rule.get(op).isEmpty()) {
                throw DefinitionException.at(where, field + "." + op, "must be the rule's only operator, a non-empty array");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            Iterator<JsonNode> it = rule.get(op).elements();
            for (int i = 0; it.hasNext(); i++) {
                rules.add(parse(it.next(), where, field + "." + op + "[" + i + "]", false));
            }
            return op.equals("And") ? new And(rules) : new Or(rules);
        }
        if (keys.contains("Not")) {
            if (keys.size() != 1) {
                throw DefinitionException.at(where, field + ".Not", "must be the rule's only operator");
            }
            return new Not(parse(rule.get("Not"), where, field + ".Not", false));
        }
        if (!keys.remove("Variable") || keys.size() != 1) {
            throw DefinitionException.at(where, field, "needs a `Variable` and exactly one comparison operator, got "
                    + keys);
        }
        String op = keys.get(0);
        JsonPaths.Path variable = path(rule.get("Variable"), where, field + ".Variable");
        JsonNode operand = rule.get(op);
        if (TYPE_TESTS.contains(op)) {
            if (!operand.isBoolean()) {
                throw DefinitionException.at(where, field + "." + op, "must be true or false");
            }
            return new Comparison(variable, op, operand, null);
        }
        if (COMPARISONS.contains(op)) {
            return new Comparison(variable, op, operand, null);
        }
        if (op.endsWith("Path") && COMPARISONS.contains(op.substring(0, op.length() - 4)) && !op.startsWith("StringMatches")) {
            return new Comparison(variable, op, null, path(operand, where, field + "." + op));
        }
        throw DefinitionException.at(where, field + "." + op, "is not a comparison operator");
    }

    private static JsonPaths.Path path(JsonNode text, String where, String field) {
        if (!text.isTextual()) {
            throw DefinitionException.at(where, field, "must be a path string");
        }
        try {
            return JsonPaths.compile(text.textValue());
        } catch (IllegalArgumentException e) {
            throw DefinitionException.at(where, field, "`" + text.textValue() + "` " + e.getMessage());
        }
    }
}
