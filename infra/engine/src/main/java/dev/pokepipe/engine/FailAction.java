package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Fail: fails with its Error and Cause, literal or read from the input; it never exits. */
final class FailAction implements StateAction<StateSpec.Fail> {

    @Override
    public Step run(StateSpec.Fail f, JsonNode raw, Attempt attempt) {
        JsonNode ctx = attempt.context();
        String error = f.error() != null ? f.error() : text(f.errorPath().eval(raw, ctx), "ErrorPath");
        String cause = f.cause() != null ? f.cause()
                : f.causePath() != null ? text(f.causePath().eval(raw, ctx), "CausePath") : "";
        throw new StatesError(error, cause);
    }

    private static String text(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw StatesError.runtime("The " + field + " value is not a string: " + Json.compact(value));
        }
        return value.textValue();
    }
}
