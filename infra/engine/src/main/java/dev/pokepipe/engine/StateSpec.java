package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The parsed, validated states of a definition; the engine interprets these. */
sealed interface StateSpec {

    /** The state's name within its {@code States} object. */
    String name();

    /** Where the state sits, e.g. {@code DownloadImages/ItemProcessor/Download}, for messages. */
    String where();

    /** Its Retry; only Task and Map have one. */
    default List<Retrier> retry() {
        return List.of();
    }

    /** Its Catch; only Task and Map have one. */
    default List<Catcher> catchers() {
        return List.of();
    }

    /** Its TimeoutSeconds, or null for none; only a Task can have one. */
    default Integer timeoutSeconds() {
        return null;
    }

    /** A state set with its start: the top level, or a Map's ItemProcessor. */
    record Scope(String startAt, Map<String, StateSpec> states) {
    }

    /** InputPath/OutputPath: a Path, or JSON null (D-17, D-19). Absent means {@code $}. */
    record DataPath(JsonPaths.Path path) {
        static final DataPath NULL = new DataPath(null);

        JsonNode apply(JsonNode data, JsonNode context) {
            return path == null ? Json.emptyObject() : path.read(data, context);
        }
    }

    /** ResultPath: member steps, or null to discard the result (D-18). */
    record ResultPath(List<String> steps, boolean discard) {
        static final ResultPath ROOT = new ResultPath(List.of(), false);

        JsonNode apply(JsonNode raw, JsonNode result) {
            return discard ? raw : JsonPaths.applyResultPath(steps, raw, result);
        }
    }

    /** Where a state goes next: a state name, or the end of its scope. */
    record Transition(String next, boolean end) {
    }

    record Retrier(List<String> errorEquals, int intervalSeconds, int maxAttempts, double backoffRate,
                   Integer maxDelaySeconds, boolean fullJitter) {
    }

    record Catcher(List<String> errorEquals, String next, ResultPath resultPath) {
    }

    record Pass(String name, String where, Transition transition, DataPath inputPath, PayloadTemplate parameters,
                JsonNode result, ResultPath resultPath, DataPath outputPath) implements StateSpec {
    }

    record Task(String name, String where, Transition transition, String resource, DataPath inputPath,
                PayloadTemplate parameters, PayloadTemplate resultSelector, ResultPath resultPath, DataPath outputPath,
                List<Retrier> retry, List<Catcher> catchers, Integer timeoutSeconds) implements StateSpec {

        boolean lambdaInvoke() {
            return Definition.LAMBDA_INVOKE.equals(resource);
        }
    }

    record MapState(String name, String where, Transition transition, DataPath inputPath, JsonPaths.Path itemsPath,
                    PayloadTemplate itemSelector, int maxConcurrency, Scope processor, PayloadTemplate resultSelector,
                    ResultPath resultPath, DataPath outputPath, List<Retrier> retry, List<Catcher> catchers,
                    DistributedConfig distributed) implements StateSpec {
    }

    record Choice(String name, String where, List<ChoiceRule> rules, List<String> nexts, String defaultNext,
                  DataPath inputPath, DataPath outputPath) implements StateSpec {
    }

    record Succeed(String name, String where, DataPath inputPath, DataPath outputPath) implements StateSpec {
    }

    record Fail(String name, String where, String error, Intrinsics.Expr errorPath, String cause,
                Intrinsics.Expr causePath) implements StateSpec {
    }
}
