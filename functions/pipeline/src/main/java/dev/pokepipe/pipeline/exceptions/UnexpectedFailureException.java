package dev.pokepipe.pipeline.exceptions;

/** Thrown in place of any failure the pipeline did not foresee: names the original and its message, bounded. */
public class UnexpectedFailureException extends PipelineException {

    public UnexpectedFailureException(String message) {
        super(message, null);
    }
}
