package dev.pokepipe.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.pipeline.exceptions.InvalidRunInputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds and checks the execution input, {@code {"count": N}} or {@code {"ids": [...]}}, before
 * anything runs, so a bad request costs no download and names the bad value.
 */
public final class RunInput {

    /**
     * The most ids one run takes. The Distributed Maps read their items from S3 and write their results
     * there, so no state grows with the ids; the bound is the ids' own range ({@link RunLayout#MAX_ID}).
     * An {@code {"ids": [...]}} input is further bounded by Step Functions' 256 KiB execution input.
     */
    public static final int MAX_IDS = RunLayout.MAX_ID;
    /** Step Functions' largest execution input, UTF-8 encoded: 256 KiB. A longer one is refused by StartExecution. */
    public static final int MAX_INPUT_BYTES = 256 * 1024;

    private RunInput() {
    }

    /** {@code {"count": count}}, for 1 ≤ count ≤ {@value #MAX_IDS}. */
    public static ObjectNode count(int count) {
        if (count < 1 || count > MAX_IDS) {
            throw new InvalidRunInputException("--count must be from 1 to " + MAX_IDS + ", got " + count);
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.put("count", count);
        return input;
    }

    /** {@code {"ids": [...]}} from a comma-separated list such as {@code 1,4,7}. */
    public static ObjectNode ids(String list) {
        if (list == null || list.isBlank()) {
            throw new InvalidRunInputException("--ids is empty: give ids such as 1,4,7");
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (String token : list.split(",", -1)) {
            String t = token.trim();
            int id;
            try {
                id = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new InvalidRunInputException("--ids: '" + t + "' is not an integer");
            }
            if (id < 1 || id > RunLayout.MAX_ID) {
                throw new InvalidRunInputException("--ids: " + id + " is out of range (1 to " + RunLayout.MAX_ID + ")");
            }
            if (!ids.add(id)) {
                throw new InvalidRunInputException("--ids: " + id + " is given more than once");
            }
        }
        if (ids.size() > MAX_IDS) {
            throw new InvalidRunInputException("--ids: " + ids.size() + " ids, the most one run takes is " + MAX_IDS);
        }
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        ids.forEach(input.putArray("ids")::add);
        int bytes = input.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_INPUT_BYTES) {
            throw new InvalidRunInputException("--ids: " + ids.size() + " ids make an execution input of " + bytes
                    + " bytes, and Step Functions takes at most " + MAX_INPUT_BYTES + " (256 KiB); give fewer ids,"
                    + " or --count N for ids 1 to N");
        }
        return input;
    }

    /** The ids an execution input asks for, in order: 1..N for {@code {"count": N}}, else its {@code ids}. */
    public static List<Integer> idsOf(JsonNode input) {
        List<Integer> ids = new ArrayList<>();
        if (input.path("count").canConvertToInt()) {
            for (int id = 1; id <= input.get("count").asInt(); id++) {
                ids.add(id);
            }
        } else {
            input.path("ids").forEach(id -> ids.add(id.asInt()));
        }
        return ids;
    }
}
