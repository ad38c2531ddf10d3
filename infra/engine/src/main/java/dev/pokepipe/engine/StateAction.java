package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one type of state does in one attempt, from its raw input to its output and next state. The
 * {@link StateExecutor} around it records entry and exit, retries, catches and limits time, so an
 * action only fails by throwing {@link StatesError}.
 *
 * @param <S> the state type it runs
 */
interface StateAction<S extends StateSpec> {

    Step run(S state, JsonNode input, Attempt attempt);

    /**
     * A state's output and where the execution goes with it.
     *
     * @param next the next state's name, or null at the end of the scope
     */
    record Step(JsonNode output, String next) {

        static Step of(JsonNode output, StateSpec.Transition transition) {
            return new Step(output, transition.end() ? null : transition.next());
        }
    }
}
