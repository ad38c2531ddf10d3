package dev.pokepipe.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.summarize.RunSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a run ended, local or deployed, once its files are in a directory on this machine: what the
 * table, the JSON and the report are made from.
 *
 * @param status     the execution's status as Step Functions names it: {@code SUCCEEDED}, {@code FAILED},
 *                   {@code TIMED_OUT} or {@code ABORTED}
 * @param error      the execution's error, or null if it succeeded
 * @param cause      the execution's cause, or null if it succeeded
 * @param definition the definition the execution ran
 * @param history    {@code {"events": [...]}} as {@code GetExecutionHistory} returns it
 * @param summary    the run's summary, or null if the execution ended before Summarize wrote one
 * @param maps       per top-level Map that ran, in the definition's order: its use of its limit
 * @param runDir     the run's directory, laid out as the bucket's {@code runs/{runId}/} prefix
 * @param where      one line saying where the run ran, for the report
 * @param consoleUrl the execution in the Step Functions console, or null when there is none
 */
public record RunOutcome(String runId, String status, String error, String cause, JsonNode definition,
                         JsonNode history, RunSummary summary, Map<String, MapUse> maps, Path runDir, String where,
                         String consoleUrl) {

    /** The status of an execution that succeeded. */
    public static final String SUCCEEDED = "SUCCEEDED";

    // Lenient: a summary written by a deployed function of another version still reads.
    private static final ObjectMapper SUMMARY_READER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RunOutcome {
        maps = Collections.unmodifiableMap(new LinkedHashMap<>(maps));
    }

    /** Whether the execution succeeded and left its summary: the run's images are accounted for, failed or not. */
    public boolean finished() {
        return SUCCEEDED.equals(status) && summary != null;
    }

    /**
     * Reads a {@code summary.json} as the summarize step wrote it.
     *
     * @throws UncheckedIOException if {@code json} is not a summary
     */
    public static RunSummary readSummary(byte[] json) {
        try {
            return SUMMARY_READER.readValue(json, RunSummary.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a run summary", e);
        }
    }

    /**
     * One Map's run.
     *
     * @param items iterations it ran
     * @param peak  the most iterations in flight at once
     * @param limit the most its definition allows at once
     */
    public record MapUse(int items, int peak, int limit) {

        /**
         * The use of each Map in {@code limits} that ran, in {@code limits}' order.
         *
         * @param limits per Map, its limit, as {@link dev.pokepipe.engine.Definition#mapLimits} gives them
         * @param items  per Map that ran, its iterations
         * @param peaks  per Map that ran, its peak in flight; a Map missing here ran none at once
         */
        public static Map<String, MapUse> of(Map<String, Integer> limits, Map<String, Integer> items,
                                             Map<String, Integer> peaks) {
            Map<String, MapUse> uses = new LinkedHashMap<>();
            limits.forEach((map, limit) -> {
                Integer n = items.get(map);
                if (n != null) {
                    uses.put(map, new MapUse(n, peaks.getOrDefault(map, 0), limit));
                }
            });
            return uses;
        }
    }
}
