package dev.pokepipe.transform;

/** Thrown when bytes are not a PNG the decoder can read within its limits; stackless, as an expected outcome. */
public class InvalidPngException extends RuntimeException {

    public InvalidPngException(String message) {
        super(message, null, true, false);
    }

    public InvalidPngException(String message, Throwable cause) {
        super(message, cause, true, false);
    }
}
