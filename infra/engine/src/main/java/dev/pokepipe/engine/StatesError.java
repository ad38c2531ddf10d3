package dev.pokepipe.engine;

/**
 * Thrown inside the engine when a state fails with an ASL error: a name such as
 * {@code States.Runtime} or a function's errorType, and a cause text.
 */
public class StatesError extends RuntimeException {

    public static final String ALL = "States.ALL";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String RUNTIME = "States.Runtime";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String INTRINSIC_FAILURE = "States.IntrinsicFailure";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause == null ? "" : cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** E-3: these two can be neither retried nor caught, not even by States.ALL. */
    public boolean catchable() {
        return !RUNTIME.equals(error) && !DATA_LIMIT_EXCEEDED.equals(error);
    }

    static StatesError runtime(String cause) {
        return new StatesError(RUNTIME, cause);
    }

    static StatesError intrinsic(String cause) {
        return new StatesError(INTRINSIC_FAILURE, cause);
    }
}
