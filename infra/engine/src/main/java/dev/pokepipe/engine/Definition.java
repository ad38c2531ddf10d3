package dev.pokepipe.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pokepipe.engine.DefinitionFields.dataPath;
import static dev.pokepipe.engine.DefinitionFields.path;
import static dev.pokepipe.engine.DefinitionFields.resultPath;
import static dev.pokepipe.engine.DefinitionFields.template;
import static dev.pokepipe.engine.DefinitionFields.transition;
import static dev.pokepipe.engine.RetryCatchParser.catchers;
import static dev.pokepipe.engine.RetryCatchParser.retriers;

/**
 * A state machine definition, loaded and checked against the local engine's ASL subset
 * (asl-subset.md section 1). Anything outside the subset is refused here, naming the state and the
 * field, so a definition that loads is one the engine runs as AWS would.
 */
public final class Definition {

    /** The optimized Lambda integration's resource. */
    public static final String LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
    /** Inline Map iterations never exceed this many at once (M-4). */
    public static final int INLINE_MAP_LIMIT = 40;

    /**
     * Each top-level Map state of a definition's JSON, in order, with the most iterations it runs at
     * once: its MaxConcurrency, at most {@value #INLINE_MAP_LIMIT} (0 meaning that limit); in
     * Distributed mode at most {@value DistributedConfig#CHILD_LIMIT} child executions, 0 meaning that.
     */
    public static Map<String, Integer> mapLimits(JsonNode definition) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        definition.path("States").properties().forEach(s -> {
            JsonNode state = s.getValue();
            if ("Map".equals(state.path("Type").asText())) {
                int maxConcurrency = state.path("MaxConcurrency").asInt(0);
                boolean distributed = "DISTRIBUTED".equals(state.path("ItemProcessor").path("ProcessorConfig")
                        .path("Mode").asText());
                limits.put(s.getKey(), distributed ? distributedLimit(maxConcurrency) : mapLimit(maxConcurrency));
            }
        });
        return limits;
    }

    /** The most child executions a Distributed Map with this MaxConcurrency runs at once. */
    static int distributedLimit(int maxConcurrency) {
        return maxConcurrency == 0 ? DistributedConfig.CHILD_LIMIT : Math.min(maxConcurrency, DistributedConfig.CHILD_LIMIT);
    }

    /** The most iterations a Map with this MaxConcurrency runs at once: 0 and anything above the inline limit mean that limit. */
    static int mapLimit(int maxConcurrency) {
        return maxConcurrency == 0 ? INLINE_MAP_LIMIT : Math.min(maxConcurrency, INLINE_MAP_LIMIT);
    }

    private static final Set<String> TOP_FIELDS = Set.of("StartAt", "States", "Comment", "Version", "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Type", "Comment", "Next", "End", "InputPath", "Parameters", "Result", "ResultPath",
                    "OutputPath"),
            "Task", Set.of("Type", "Comment", "Resource", "Next", "End", "InputPath", "Parameters", "ResultSelector",
                    "ResultPath", "OutputPath", "Retry", "Catch", "TimeoutSeconds"),
            "Map", Set.of("Type", "Comment", "ItemProcessor", "Iterator", "ItemsPath", "ItemSelector", "Parameters",
                    "MaxConcurrency", "Next", "End", "InputPath", "ResultSelector", "ResultPath", "OutputPath", "Retry",
                    "Catch", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage",
                    "ToleratedFailureCount", "Label"),
            "Choice", Set.of("Type", "Comment", "Choices", "Default", "InputPath", "OutputPath"),
            "Succeed", Set.of("Type", "Comment", "InputPath", "OutputPath"),
            "Fail", Set.of("Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath"));
    private static final Map<String, String> WHY_REFUSED = Map.of(
            "Assign", "variables are outside the subset", "Output", "JSONata is outside the subset",
            "Arguments", "JSONata is outside the subset");
    private static final Set<String> LAMBDA_PARAMETERS = Set.of("FunctionName", "FunctionName.$", "Payload", "Payload.$");

    private final StateSpec.Scope top;
    private final List<String> warnings;
    private final Map<String, Integer> mapLimits;
    private final JsonNode json;

    private Definition(StateSpec.Scope top, List<String> warnings, Map<String, Integer> mapLimits, JsonNode json) {
        this.top = top;
        this.warnings = warnings;
        this.mapLimits = mapLimits;
        this.json = json;
    }

    /**
     * Parses and checks a definition's JSON text.
     *
     * @throws DefinitionException naming the state and field that is not valid or not in the subset
     */
    public static Definition parse(String json) {
        JsonNode root;
        try {
            root = Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new DefinitionException("the definition is not valid JSON: " + e.getOriginalMessage());
        }
        return of(root);
    }

    /** Checks an already parsed definition; see {@link #parse}. */
    public static Definition of(JsonNode root) {
        if (!root.isObject()) {
            throw new DefinitionException("the definition must be a JSON object");
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!TOP_FIELDS.contains(f)) {
                throw new DefinitionException("top level: field `" + f + "` is not supported by the local engine");
            }
        });
        if (root.has("Version") && !"1.0".equals(root.get("Version").asText())) {
            throw new DefinitionException("top level: field `Version` must be \"1.0\"");
        }
        if (root.has("QueryLanguage") && !"JSONPath".equals(root.get("QueryLanguage").asText())) {
            throw new DefinitionException("top level: field `QueryLanguage` is not supported by the local engine "
                    + "(only JSONPath)");
        }
        Loader loader = new Loader();
        StateSpec.Scope scope = loader.scope(root, "");
        return new Definition(scope, List.copyOf(loader.warnings), Collections.unmodifiableMap(mapLimits(root)),
                root.deepCopy());
    }

    StateSpec.Scope top() {
        return top;
    }

    /** The definition's JSON as it was checked; a copy, so no caller changes this definition. */
    public JsonNode json() {
        return json.deepCopy();
    }

    /** This definition's {@link #mapLimits(JsonNode)}. */
    public Map<String, Integer> mapLimits() {
        return mapLimits;
    }

    /** Accepted but noteworthy facts, e.g. a MaxConcurrency above the inline limit (S-10). */
    public List<String> warnings() {
        return warnings;
    }

    private static final class Loader {
        private final Set<String> allNames = new HashSet<>();
        private final List<String> warnings = new ArrayList<>();

        StateSpec.Scope scope(JsonNode node, String prefix) {
            String here = prefix.isEmpty() ? "top level" : prefix.substring(0, prefix.length() - 1);
            if (!node.path("StartAt").isTextual()) {
                throw new DefinitionException(here + ": field `StartAt` is required");
            }
            if (!node.path("States").isObject() || node.get("States").isEmpty()) {
                throw new DefinitionException(here + ": field `States` must be a non-empty object");
            }
            Map<String, StateSpec> states = new LinkedHashMap<>();
            node.get("States").fields().forEachRemaining(e -> {
                String name = e.getKey();
                if (name.length() > 80) {
                    throw new DefinitionException("state `" + prefix + name + "`: the name is longer than 80 characters");
                }
                if (!allNames.add(name)) {
                    throw new DefinitionException("state `" + prefix + name + "`: the name is used twice in the definition");
                }
                states.put(name, state(name, prefix + name, e.getValue()));
            });
            String startAt = node.get("StartAt").asText();
            if (!states.containsKey(startAt)) {
                throw new DefinitionException(here + ": field `StartAt` names `" + startAt
                        + "`, which is not a state here");
            }
            for (StateSpec s : states.values()) {
                for (String target : targets(s)) {
                    if (!states.containsKey(target)) {
                        throw new DefinitionException("state `" + s.where() + "`: the transition to `" + target
                                + "` names no state in the same States object");
                    }
                }
            }
            return new StateSpec.Scope(startAt, states);
        }

        private static List<String> targets(StateSpec s) {
            List<String> out = new ArrayList<>();
            if (s instanceof StateSpec.Pass p) {
                addNext(out, p.transition());
            } else if (s instanceof StateSpec.Task t) {
                addNext(out, t.transition());
                t.catchers().forEach(c -> out.add(c.next()));
            } else if (s instanceof StateSpec.MapState m) {
                addNext(out, m.transition());
                m.catchers().forEach(c -> out.add(c.next()));
            } else if (s instanceof StateSpec.Choice c) {
                out.addAll(c.nexts());
                if (c.defaultNext() != null) {
                    out.add(c.defaultNext());
                }
            }
            return out;
        }

        private static void addNext(List<String> out, StateSpec.Transition t) {
            if (!t.end()) {
                out.add(t.next());
            }
        }

        private StateSpec state(String name, String where, JsonNode n) {
            if (!n.isObject() || !n.path("Type").isTextual()) {
                throw new DefinitionException("state `" + where + "`: field `Type` is required");
            }
            String type = n.get("Type").asText();
            Set<String> allowed = FIELDS.get(type);
            if (allowed == null) {
                throw DefinitionException.at(where, "Type", "is `" + type + "`, which is not supported by the local engine");
            }
            n.fieldNames().forEachRemaining(f -> {
                if (!allowed.contains(f)) {
                    String why = WHY_REFUSED.get(f);
                    throw DefinitionException.at(where, f, "is not supported by the local engine"
                            + (why == null ? "" : " (" + why + ")"));
                }
            });
            return switch (type) {
                case "Pass" -> {
                    if (n.has("Result") && n.has("Parameters")) {
                        throw DefinitionException.at(where, "Parameters", "cannot be combined with `Result` (S-6)");
                    }
                    yield new StateSpec.Pass(name, where, transition(n, where), dataPath(n, "InputPath", where),
                            template(n, "Parameters", where, false), n.get("Result"), resultPath(n, "ResultPath", where),
                            dataPath(n, "OutputPath", where));
                }
                case "Task" -> task(name, where, n);
                case "Map" -> map(name, where, n);
                case "Choice" -> choice(name, where, n);
                case "Succeed" -> new StateSpec.Succeed(name, where, dataPath(n, "InputPath", where),
                        dataPath(n, "OutputPath", where));
                case "Fail" -> fail(name, where, n);
                default -> throw new IllegalStateException(type);
            };
        }

        private StateSpec.Task task(String name, String where, JsonNode n) {
            if (!n.path("Resource").isTextual()) {
                throw DefinitionException.at(where, "Resource", "is required");
            }
            String resource = n.get("Resource").asText();
            boolean invoke = LAMBDA_INVOKE.equals(resource);
            if (!invoke && !resource.matches("arn:aws[a-z-]*:lambda:[^:]+:[^:]+:function:[^:]+(:[^:]+)?")) {
                throw DefinitionException.at(where, "Resource", "is `" + resource + "`: the local engine runs only "
                        + LAMBDA_INVOKE + " and Lambda function ARNs");
            }
            if (invoke) {
                JsonNode params = n.path("Parameters");
                if (!params.isObject()) {
                    throw DefinitionException.at(where, "Parameters", "is required for " + LAMBDA_INVOKE);
                }
                params.fieldNames().forEachRemaining(f -> {
                    if (!LAMBDA_PARAMETERS.contains(f)) {
                        throw DefinitionException.at(where, "Parameters." + f, "is not supported by the local engine");
                    }
                });
                if (!params.has("FunctionName") && !params.has("FunctionName.$")) {
                    throw DefinitionException.at(where, "Parameters.FunctionName", "is required");
                }
            }
            Integer timeout = null;
            if (n.has("TimeoutSeconds")) {
                if (!n.get("TimeoutSeconds").canConvertToInt() || !n.get("TimeoutSeconds").isIntegralNumber()
                        || n.get("TimeoutSeconds").asInt() <= 0) {
                    throw DefinitionException.at(where, "TimeoutSeconds", "must be a positive integer");
                }
                timeout = n.get("TimeoutSeconds").asInt();
            }
            return new StateSpec.Task(name, where, transition(n, where), resource, dataPath(n, "InputPath", where),
                    template(n, "Parameters", where, false), template(n, "ResultSelector", where, false),
                    resultPath(n, "ResultPath", where), dataPath(n, "OutputPath", where), retriers(n, where),
                    catchers(n, where), timeout);
        }

        private StateSpec.MapState map(String name, String where, JsonNode n) {
            JsonNode processor = n.has("ItemProcessor") ? n.get("ItemProcessor") : n.get("Iterator");
            String processorField = n.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
            if (processor == null || !processor.isObject()) {
                throw DefinitionException.at(where, "ItemProcessor", "is required");
            }
            processor.fieldNames().forEachRemaining(f -> {
                if (!Set.of("StartAt", "States", "Comment", "ProcessorConfig").contains(f)) {
                    throw DefinitionException.at(where, processorField + "." + f, "is not supported by the local engine");
                }
            });
            JsonNode config = processor.path("ProcessorConfig");
            String mode = config.path("Mode").asText("INLINE");
            if (!Set.of("INLINE", "DISTRIBUTED").contains(mode)) {
                throw DefinitionException.at(where, processorField + ".ProcessorConfig.Mode", "must be INLINE or DISTRIBUTED");
            }
            DistributedConfig distributed = null;
            if ("DISTRIBUTED".equals(mode)) {
                distributed = DistributedConfigParser.parse(n, config, where, name);
            } else {
                DistributedConfigParser.refuseInInline(n, where);
                if (config.has("ExecutionType")) {
                    throw DefinitionException.at(where, processorField + ".ProcessorConfig.ExecutionType",
                            "is not supported by the local engine (Distributed Map only)");
                }
            }
            if (n.has("ItemSelector") && n.has("Parameters")) {
                throw DefinitionException.at(where, "Parameters", "cannot be combined with `ItemSelector`");
            }
            String selectorField = n.has("ItemSelector") ? "ItemSelector" : "Parameters";
            int concurrency = 0;
            if (n.has("MaxConcurrency")) {
                JsonNode mc = n.get("MaxConcurrency");
                if (!mc.isIntegralNumber() || mc.asInt() < 0) {
                    throw DefinitionException.at(where, "MaxConcurrency", "must be an integer >= 0");
                }
                concurrency = mc.asInt();
                if (distributed == null && concurrency > INLINE_MAP_LIMIT) {
                    warnings.add("state `" + where + "`: MaxConcurrency " + concurrency + " runs as "
                            + INLINE_MAP_LIMIT + ", the limit of an inline Map");
                }
            }
            JsonPaths.Path itemsPath = JsonPaths.compile("$");
            if (n.has("ItemsPath")) {
                String text = n.get("ItemsPath").asText();
                if (!text.startsWith("$$")) {
                    try {
                        JsonPaths.memberSteps(text, true);
                    } catch (IllegalArgumentException e) {
                        throw DefinitionException.at(where, "ItemsPath", "`" + text + "` " + e.getMessage());
                    }
                }
                itemsPath = path(text, where, "ItemsPath");
            }
            return new StateSpec.MapState(name, where, transition(n, where), dataPath(n, "InputPath", where), itemsPath,
                    template(n, selectorField, where, true), concurrency, scope(processor, where + "/" + processorField + "/"),
                    template(n, "ResultSelector", where, false), resultPath(n, "ResultPath", where),
                    dataPath(n, "OutputPath", where), retriers(n, where), catchers(n, where), distributed);
        }

        private StateSpec.Choice choice(String name, String where, JsonNode n) {
            if (!n.path("Choices").isArray() || n.get("Choices").isEmpty()) {
                throw DefinitionException.at(where, "Choices", "must be a non-empty array");
            }
            if (n.has("Next") || n.has("End")) {
                throw DefinitionException.at(where, n.has("Next") ? "Next" : "End", "is not allowed on a Choice state");
            }
            List<ChoiceRule> rules = new ArrayList<>();
            List<String> nexts = new ArrayList<>();
            for (int i = 0; i < n.get("Choices").size(); i++) {
                JsonNode rule = n.get("Choices").get(i);
                rules.add(ChoiceRule.parse(rule, where, "Choices[" + i + "]", true));
                nexts.add(rule.get("Next").asText());
            }
            return new StateSpec.Choice(name, where, rules, nexts, n.has("Default") ? n.get("Default").asText() : null,
                    dataPath(n, "InputPath", where), dataPath(n, "OutputPath", where));
        }

        private StateSpec.Fail fail(String name, String where, JsonNode n) {
            if (n.has("Error") && n.has("ErrorPath") || n.has("Cause") && n.has("CausePath")) {
                throw DefinitionException.at(where, n.has("ErrorPath") ? "ErrorPath" : "CausePath",
                        "cannot be combined with its literal counterpart");
            }
            if (!n.has("Error") && !n.has("ErrorPath")) {
                throw DefinitionException.at(where, "Error", "is required (or ErrorPath)");
            }
            return new StateSpec.Fail(name, where, n.has("Error") ? n.get("Error").asText() : null,
                    n.has("ErrorPath") ? failExpression(n, "ErrorPath", where) : null,
                    n.has("Cause") ? n.get("Cause").asText() : null,
                    n.has("CausePath") ? failExpression(n, "CausePath", where) : null);
        }

        private static Intrinsics.Expr failExpression(JsonNode n, String field, String where) {
            String text = n.get(field).asText();
            if (text.startsWith("$") && !text.startsWith("$$")) {
                try {
                    JsonPaths.memberSteps(text, true);
                } catch (IllegalArgumentException e) {
                    throw DefinitionException.at(where, field, "`" + text + "` " + e.getMessage());
                }
            }
            return PayloadTemplate.expression(text, where, field, false);
        }
    }
}
