package dev.pokepipe.pipeline.exceptions;

/** Thrown when an image body is larger than the configured byte cap; reading stops at the cap; never retried. */
public class ImageTooLargeException extends PipelineException {

    public ImageTooLargeException(String message) {
        super(message, null);
    }

    public ImageTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
