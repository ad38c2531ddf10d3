package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Task's resource does when the local engine calls it: in pokepipe, one of the Lambda
 * functions running in process. The handler receives the Lambda event and returns the function's
 * JSON result. A thrown exception is a function error reported under the exception's fully
 * qualified class name, as the Java Lambda runtime does; throw {@link FunctionError} to choose the
 * errorType, or {@link StatesError} to fail with an exact Error and Cause (a Lambda service error).
 */
@FunctionalInterface
public interface TaskHandler {

    JsonNode handle(JsonNode event) throws Exception;

    /** A function error with an explicit errorType, for handlers that are not Java exceptions at heart. */
    final class FunctionError extends RuntimeException {
        private final String errorType;

        public FunctionError(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }
}
