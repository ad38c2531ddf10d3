package dev.pokepipe.functions.common;

/** Thrown when bytes that should be a PNG image are not one this pipeline can decode within its limits. */
public class InvalidImageException extends RuntimeException {

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
