package dev.pokepipe.pipeline.exceptions;

/** Thrown when bytes that should be a PNG image are not one this pipeline can decode within its limits. */
public class InvalidImageException extends PipelineException {

    public InvalidImageException(String message) {
        super(message, null);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
