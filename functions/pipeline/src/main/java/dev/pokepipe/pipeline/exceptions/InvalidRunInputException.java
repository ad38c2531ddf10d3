package dev.pokepipe.pipeline.exceptions;

/** Thrown when a run's count or ids are not acceptable, before anything runs; the message names the bad value. */
public class InvalidRunInputException extends RuntimeException {

    public InvalidRunInputException(String message) {
        super(message);
    }
}
