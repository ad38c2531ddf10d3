package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/** Step Functions' payload quota, checked wherever data enters or leaves a state. */
final class Payloads {

    private Payloads() {
    }

    /** @throws StatesError States.DataLimitExceeded, naming {@code what}, if {@code value} is over the quota */
    static void check(JsonNode value, String what) {
        int size = Json.utf8Size(value);
        if (size > LocalEngine.MAX_PAYLOAD_BYTES) {
            throw new StatesError(StatesError.DATA_LIMIT_EXCEEDED, what + " is " + size
                    + " bytes, more than the maximum of " + LocalEngine.MAX_PAYLOAD_BYTES);
        }
    }
}
