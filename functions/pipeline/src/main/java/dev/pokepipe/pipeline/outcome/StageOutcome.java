package dev.pokepipe.pipeline.outcome;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A failure of one id in one stage as its function keeps it under {@code runs/{runId}/results/}:
 * {@code {id, stage, error, cause}}, the cause being the reason a person reads in the summary. A
 * success keeps no record: its result, timings included, is in its Map's ResultWriter files. Other
 * fields (a success's whole result, as earlier versions kept it) are ignored when one is read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageOutcome(Integer id, String stage, String error, String cause) {

    /** A failure as the function that met it keeps it. */
    public static StageOutcome failure(int id, String stage, String error, String cause) {
        return new StageOutcome(id, stage, error, cause);
    }
}
