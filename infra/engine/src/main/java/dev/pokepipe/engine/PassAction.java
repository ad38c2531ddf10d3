package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Pass: its Result, or its effective input, placed by ResultPath (asl-subset.md, S-6). */
final class PassAction implements StateAction<StateSpec.Pass> {

    @Override
    public Step run(StateSpec.Pass p, JsonNode raw, Attempt attempt) {
        JsonNode ctx = attempt.context();
        JsonNode effective = p.inputPath().apply(raw, ctx);
        if (p.parameters() != null) {
            effective = p.parameters().evaluate(effective, ctx);
        }
        JsonNode result = p.result() != null ? p.result() : effective;
        return Step.of(p.outputPath().apply(p.resultPath().apply(raw, result), ctx), p.transition());
    }
}
