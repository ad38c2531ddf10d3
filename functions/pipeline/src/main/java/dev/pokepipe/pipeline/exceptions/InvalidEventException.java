package dev.pokepipe.pipeline.exceptions;

/** Thrown when a function's input event lacks a field or holds a value outside its allowed range; never retried. */
public class InvalidEventException extends PipelineException {

    public InvalidEventException(String message) {
        super(message, null);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
