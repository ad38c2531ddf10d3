package dev.pokepipe.pipeline.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

/**
 * The first step of a run: checks the execution input and writes its ids as a JSON array to
 * {@code runs/{runId}/ids.json}, which the download Map reads as its items. {@code {"count": N}} becomes
 * {@code [1, ..., N]} here rather than in a state, so a run of 100,000 ids passes no list through the
 * state machine. Ids are checked one by one: each an integer in range, none repeated (a repeated id
 * would be downloaded and processed twice, concurrently, into the same keys). A run whose ids were
 * written before is being resumed; one prepared for the first time is fresh, and its functions skip
 * looking for images stored by an earlier attempt.
 */
public final class RunPreparer {

    private final ImageStore store;

    public RunPreparer(ImageStore store) {
        this.store = store;
    }

    /**
     * Writes the run's ids and says where they and the Maps' other objects are.
     *
     * @throws InvalidEventException naming the bad value if the input is not {@code {"count": N}} with
     *                               1 ≤ N ≤ {@value RunInput#MAX_IDS} or {@code {"ids": [...]}} of 1 to
     *                               {@value RunInput#MAX_IDS} distinct ids in range
     */
    public PrepareResult prepare(PrepareRequest request) {
        String runId = RunLayout.requireRunId(request.runId());
        String bucket = RunLayout.requireBucket(request.bucket());
        JsonNode input = request.input();
        if (input == null || !input.isObject()) {
            throw new InvalidEventException("input must be {\"count\": N} or {\"ids\": [...]}; got " + input);
        }
        StringBuilder json = new StringBuilder("[");
        int count = input.has("count") ? range(input) : listed(input, json);
        if (input.has("count")) {
            for (int id = 1; id <= count; id++) {
                json.append(id == 1 ? "" : ",").append(id);
            }
        }
        json.append(']');
        String key = RunLayout.ids(runId);
        // The ids are the first of a run's objects: where they are already, the run is being resumed.
        boolean fresh = !store.exists(bucket, key);
        store.put(bucket, key, json.toString().getBytes(StandardCharsets.US_ASCII), "application/json");
        return PrepareResult.of(runId, count, fresh);
    }

    private static int range(JsonNode input) {
        JsonNode count = input.get("count");
        if (input.has("ids") || !count.canConvertToExactIntegral() || !count.canConvertToInt()
                || count.asInt() < 1 || count.asInt() > RunInput.MAX_IDS) {
            throw new InvalidEventException("input: count must be an integer from 1 to " + RunInput.MAX_IDS
                    + ", alone; got " + (input.has("ids") ? "ids as well" : count));
        }
        return count.asInt();
    }

    /** Appends the listed ids to {@code json}; returns how many. */
    private static int listed(JsonNode input, StringBuilder json) {
        JsonNode ids = input.path("ids");
        if (!ids.isArray() || ids.isEmpty() || ids.size() > RunInput.MAX_IDS) {
            throw new InvalidEventException("input: ids must be an array of 1 to " + RunInput.MAX_IDS + " ids; got "
                    + (ids.isArray() ? ids.size() + " items" : ids.getNodeType().toString()));
        }
        BitSet seen = new BitSet(RunLayout.MAX_ID + 1);
        for (JsonNode value : ids) {
            if (!value.canConvertToExactIntegral() || !value.canConvertToInt()) {
                throw new InvalidEventException("input: ids: " + value + " is not an integer id");
            }
            int id = RunLayout.requireId(value.asInt());
            if (seen.get(id)) {
                throw new InvalidEventException("input: ids: " + id + " is given more than once");
            }
            seen.set(id);
            json.append(json.length() == 1 ? "" : ",").append(id);
        }
        return ids.size();
    }
}
