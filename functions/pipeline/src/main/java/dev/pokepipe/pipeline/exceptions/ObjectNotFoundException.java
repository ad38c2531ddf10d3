package dev.pokepipe.pipeline.exceptions;

/** Thrown when an S3 object a step must read does not exist; never retried. */
public class ObjectNotFoundException extends PipelineException {

    public ObjectNotFoundException(String message) {
        super(message, null);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
