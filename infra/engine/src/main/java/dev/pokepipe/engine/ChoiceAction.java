package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Choice: the first rule that matches names the next state, else Default; the input passes through. */
final class ChoiceAction implements StateAction<StateSpec.Choice> {

    @Override
    public Step run(StateSpec.Choice c, JsonNode raw, Attempt attempt) {
        JsonNode ctx = attempt.context();
        JsonNode effective = c.inputPath().apply(raw, ctx);
        String next = null;
        for (int i = 0; i < c.rules().size() && next == null; i++) {
            if (c.rules().get(i).test(effective, ctx)) {
                next = c.nexts().get(i);
            }
        }
        if (next == null) {
            next = c.defaultNext();
        }
        if (next == null) {
            throw new StatesError(StatesError.NO_CHOICE_MATCHED, "No Choice rule matched and there is no Default"
                    + " in state '" + c.name() + "'");
        }
        return new Step(c.outputPath().apply(effective, ctx), next);
    }
}
