package dev.pokepipe.functions.summarize;

/**
 * One item of a Map's results as the state machine hands it over: either a function's result
 * (download: {@code id, key, bytes, startedAt, durationMs}; process adds {@code width, height}) or a
 * failure record {@code {id, stage, error, cause}} made by a Catch. {@code error} tells them apart.
 */
public record StageOutcome(Integer id, String key, Long bytes, Integer width, Integer height, String startedAt,
                           Long durationMs, String stage, String error, String cause) {

    /** True for a failure record. */
    public boolean failed() {
        return error != null;
    }
}
