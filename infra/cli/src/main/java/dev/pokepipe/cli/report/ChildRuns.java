package dev.pokepipe.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.report.ExecutionTimeline.Invocation;
import dev.pokepipe.cli.report.ExecutionTimeline.Outcome;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.run.RunLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The child executions of a run's Distributed Map Runs, read from the files their ResultWriter left
 * in the run's directory: each {@code manifest.json} names its Map Run and its
 * {@code SUCCEEDED_n.json} / {@code FAILED_n.json} parts, each an array of child records with
 * {@code Input}, {@code Output}, {@code StartDate}, {@code StopDate}, {@code Status} and, for a
 * failed child, {@code Error} and {@code Cause} (the ResultWriter page of the Step Functions
 * guide). A Distributed Map's parent history holds no per-item event, so these records are what
 * the timeline and the graph's counts are drawn from; AWS and the local engine write the same files.
 */
public final class ChildRuns {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** How deep under the run directory a ResultWriter prefix may put its manifests. */
    private static final int MANIFEST_DEPTH = 6;

    /**
     * One child execution.
     *
     * @param map       the Map Run's label (its state's name unless the definition sets {@code Label})
     * @param mapRunArn the Map Run that ran it
     * @param id     the image id of the child's input, or null
     * @param status SUCCEEDED, FAILED, TIMED_OUT or ABORTED
     * @param error  the child's own error, or the error its Catch recorded in the output ({@code {id, error}})
     */
    public record Child(String map, String mapRunArn, Integer id, Instant start, Instant stop, String status, String error,
                        String cause) {

        /** Whether the child failed, or succeeded by catching its item's failure. */
        public boolean failed() {
            return error != null;
        }
    }

    private ChildRuns() {
    }

    /**
     * Every child record under {@code runDir}, ordered by start; empty when no Map Run wrote results there.
     *
     * @throws UncheckedIOException if a result file cannot be read or is not JSON
     */
    public static List<Child> read(Path runDir) {
        List<Child> children = new ArrayList<>();
        for (Path manifest : manifests(runDir)) {
            JsonNode m = json(manifest);
            String arn = m.path("MapRunArn").asText();
            String map = label(arn);
            for (String status : List.of("SUCCEEDED", "FAILED")) {
                for (JsonNode file : m.path("ResultFiles").path(status)) {
                    Path part = manifest.resolveSibling(fileName(file.path("Key").asText()));
                    if (Files.isRegularFile(part)) {
                        json(part).forEach(record -> children.add(child(map, arn, record)));
                    }
                }
            }
        }
        children.sort(Comparator.comparing(Child::start, Comparator.nullsLast(Comparator.naturalOrder())));
        return children;
    }

    /**
     * The children as timeline bars, one per child in its Map's lanes, slot 0: {@link Bars} assigns the slots.
     *
     * @param taskOf per Map, the state a child starts at, which names its bars
     */
    public static List<Invocation> invocations(List<Child> children, Map<String, String> taskOf) {
        List<Invocation> bars = new ArrayList<>();
        for (Child c : children) {
            if (c.start() == null) {
                continue;
            }
            // A child that caught its item's failure succeeded as an execution: the item is what failed.
            Outcome outcome = !c.failed() ? Outcome.SUCCEEDED : "SUCCEEDED".equals(c.status()) ? Outcome.CAUGHT
                    : Outcome.FAILED;
            bars.add(new Invocation(taskOf.getOrDefault(c.map(), c.map()), c.map(), 0, c.id(), 1, c.start(),
                    c.stop(), outcome, c.error(), c.cause()));
        }
        return bars;
    }

    /** Per Map label, the most children that ran at once: a Distributed Map's peak concurrency. */
    public static Map<String, Integer> peaks(List<Child> children) {
        Map<String, java.util.TreeMap<Instant, Integer>> deltas = new java.util.TreeMap<>();
        for (Child c : children) {
            if (c.start() != null && c.stop() != null) {
                var delta = deltas.computeIfAbsent(c.map(), k -> new java.util.TreeMap<>());
                delta.merge(c.start(), 1, Integer::sum);
                delta.merge(c.stop(), -1, Integer::sum);
            }
        }
        Map<String, Integer> peaks = new java.util.TreeMap<>();
        deltas.forEach((map, delta) -> {
            int count = 0;
            int peak = 0;
            for (int d : delta.values()) {
                count += d;
                peak = Math.max(peak, count);
            }
            peaks.put(map, peak);
        });
        return peaks;
    }

    /** {@code <Label>} from {@code arn:aws:states:<region>:<account>:mapRun:<state machine>/<Label>:<id>}. */
    static String label(String mapRunArn) {
        String[] parts = mapRunArn.split(":");
        if (parts.length < 8) {
            return mapRunArn;
        }
        String name = parts[6];
        return name.substring(name.indexOf('/') + 1);
    }

    /** The id a process child's input names by its original's key ({@code runs/{runId}/raw/{id:03d}.png}), or null. */
    private static Integer idOfKey(JsonNode input) {
        try {
            return input.hasNonNull("key") ? RunLayout.idOfRaw(input.path("runId").asText(), input.get("key").asText()) : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private static Child child(String map, String mapRunArn, JsonNode record) {
        JsonNode input = parse(record.path("Input").asText("{}"));
        JsonNode output = parse(record.path("Output").asText("{}"));
        JsonNode idNode = input.has("id") ? input.get("id") : input;
        Integer id = idNode.canConvertToInt() ? idNode.asInt() : idOfKey(input);
        String error = record.hasNonNull("Error") ? record.get("Error").asText() : output.path("error").asText(null);
        String cause = record.hasNonNull("Cause") ? record.get("Cause").asText() : output.path("cause").asText(null);
        return new Child(map, mapRunArn, id, instant(record.get("StartDate")), instant(record.get("StopDate")),
                record.path("Status").asText(), error, cause);
    }

    /** ISO-8601 as the ResultWriter page shows, or epoch seconds as the API's own dates are. */
    private static Instant instant(JsonNode date) {
        if (date == null || date.isNull()) {
            return null;
        }
        if (date.isNumber()) {
            return Instant.ofEpochMilli(Math.round(date.asDouble() * 1000));
        }
        try {
            return Instant.parse(date.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<Path> manifests(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.find(runDir, MANIFEST_DEPTH,
                (p, a) -> a.isRegularFile() && p.getFileName().toString().equals("manifest.json"))) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not look for Map Run results under " + runDir, e);
        }
    }

    private static String fileName(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static JsonNode json(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read Map Run results " + file, e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }
}
