package dev.pokepipe.pipeline.exceptions;

/** Thrown when S3 fails in a way a later attempt may not: a 5xx or throttling answer, or no connection; the state machine retries it. */
public class StorageUnavailableException extends PipelineException {

    public StorageUnavailableException(String message) {
        super(message, null);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
