package dev.pokepipe.pipeline.exceptions;

/** Thrown when S3 refuses a request for a reason retrying will not fix, such as a missing bucket or denied access; never retried. */
public class StorageRejectedException extends PipelineException {

    public StorageRejectedException(String message) {
        super(message, null);
    }

    public StorageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
