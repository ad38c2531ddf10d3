package dev.pokepipe.pipeline.exceptions;

/** Thrown when the origin fails in a way a later attempt may not: a 5xx or 429 answer, a timeout, a refused or reset connection; the state machine retries it. */
public class OriginUnavailableException extends PipelineException {

    public OriginUnavailableException(String message) {
        super(message, null);
    }

    public OriginUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
