package dev.pokepipe.pipeline.exceptions;

/** Thrown when the origin answers with a status other than success, 404/410, 429 or 5xx (a redirect, 401, 403, …); never retried. */
public class OriginRejectedException extends PipelineException {

    public OriginRejectedException(String message) {
        super(message, null);
    }

    public OriginRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
