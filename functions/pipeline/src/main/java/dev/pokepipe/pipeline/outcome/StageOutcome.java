package dev.pokepipe.pipeline.outcome;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One id's outcome of a stage: as the state machine hands it over, {@code {id, bytes, startedAt,
 * durationMs}} for a success or {@code {id, error}} from a Catch; as the function kept a failure under
 * {@code runs/{runId}/results/}, {@code {id, stage, error, cause}}. Records of successes from earlier
 * versions, with a whole result ({@code key}, {@code width}, {@code height} too), still read.
 * {@code error} tells a failure from a success.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageOutcome(Integer id, String key, Long bytes, Integer width, Integer height, String startedAt,
                           Long durationMs, String stage, String error, String cause) {

    /** A failure as the function that met it keeps it. */
    public static StageOutcome failure(int id, String stage, String error, String cause) {
        return new StageOutcome(id, null, null, null, null, null, null, stage, error, cause);
    }

    /** True for a failure record. */
    public boolean failed() {
        return error != null;
    }
}
