package dev.pokepipe.pipeline.exceptions;

/**
 * Base of the pipeline's typed failures. They are expected outcomes whose message says what
 * happened, so they carry no stack trace and their message is cut at {@value #MAX_MESSAGE}
 * characters: Step Functions copies a function's error into the execution's state, and a run's
 * failures must stay far within its 256 KiB limit however many there are.
 */
public abstract class PipelineException extends RuntimeException {

    /** The longest message a pipeline failure carries. */
    public static final int MAX_MESSAGE = 300;

    protected PipelineException(String message, Throwable cause) {
        super(bounded(message), cause, true, false);
    }

    private static String bounded(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
