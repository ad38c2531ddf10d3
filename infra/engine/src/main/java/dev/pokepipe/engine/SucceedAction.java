package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Succeed: ends its scope with its filtered input. */
final class SucceedAction implements StateAction<StateSpec.Succeed> {

    @Override
    public Step run(StateSpec.Succeed s, JsonNode raw, Attempt attempt) {
        JsonNode ctx = attempt.context();
        return new Step(s.outputPath().apply(s.inputPath().apply(raw, ctx), ctx), null);
    }
}
