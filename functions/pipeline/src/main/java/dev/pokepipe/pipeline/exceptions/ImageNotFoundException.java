package dev.pokepipe.pipeline.exceptions;

/** Thrown when the origin answers 404 or 410 for an image id; never retried. */
public class ImageNotFoundException extends PipelineException {

    public ImageNotFoundException(String message) {
        super(message, null);
    }

    public ImageNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
