package dev.pokepipe.functions.common;

/**
 * Base of the pipeline's typed failures. They are expected outcomes whose message says what
 * happened, so they carry no stack trace: a Lambda error document then stays a few hundred bytes,
 * and a run's failure records stay within Step Functions' 256 KiB state limit.
 */
public abstract class PipelineException extends RuntimeException {

    protected PipelineException(String message, Throwable cause) {
        super(message, cause, true, false);
    }
}
