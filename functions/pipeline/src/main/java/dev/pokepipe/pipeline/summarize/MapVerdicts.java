package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Distributed Map said about each id, read from its ResultWriter output: {@code manifest.json}
 * and the {@code SUCCEEDED_n.json}, {@code FAILED_n.json} and {@code PENDING_n.json} files it lists, each
 * streamed record by record. A child that succeeded returned {@code {id, bytes, startedAt, durationMs}},
 * or {@code {id, error}} ({@code {key, error}} for process) from its Catch; a child that failed or never
 * ran carries its input and, if it failed, the error and cause Step Functions recorded. A success is a
 * bit and two longs per id (at most {@value RunLayout#MAX_ID} ids, so at most a few MB); failures are
 * kept whole.
 */
final class MapVerdicts {

    /** The longest ResultWriter manifest read: it lists files, not items. */
    private static final long MAX_MANIFEST_BYTES = 1024 * 1024;
    /** The most of a failed child's Cause kept: it can be a whole stack trace. */
    private static final int MAX_CAUSE_CHARS = 300;

    /** A failure as the Map recorded it; {@code cause} is null when the Map has none (a Catch keeps only the error). */
    record Failed(String error, String cause) {
    }

    /** When a success's work started and how long it took, as its function reported them. */
    record Timing(Instant start, long durationMs) {
    }

    private final BitSet succeeded = new BitSet();
    /** A success's start (epoch milliseconds) and duration by id; -1 where its result carried none. */
    private long[] startMs = new long[0];
    private long[] durationMs = new long[0];
    private final Map<Integer, Failed> failed = new HashMap<>();

    private MapVerdicts() {
    }

    /** No Map ran (a run whose Map never started): every id is without a verdict. */
    static MapVerdicts none() {
        return new MapVerdicts();
    }

    /**
     * Reads the results a Map wrote for run {@code runId} under its manifest {@code manifestKey}.
     *
     * @throws InvalidEventException if the manifest or a results file is not what a ResultWriter writes
     */
    static MapVerdicts read(ImageStore store, ObjectMapper json, String bucket, String runId, String manifestKey) {
        MapVerdicts verdicts = new MapVerdicts();
        JsonNode manifest = parse(json, store.get(bucket, manifestKey, MAX_MANIFEST_BYTES), manifestKey);
        String resultsBucket = manifest.path("DestinationBucket").asText(bucket);
        for (String status : List.of("SUCCEEDED", "FAILED", "PENDING")) {
            for (JsonNode file : manifest.path("ResultFiles").path(status)) {
                String key = file.path("Key").asText(null);
                if (key == null) {
                    throw new InvalidEventException(manifestKey + " lists a " + status + " file without a Key");
                }
                verdicts.readFile(store, json, resultsBucket, key, runId);
            }
        }
        return verdicts;
    }

    private void readFile(ImageStore store, ObjectMapper json, String bucket, String key, String runId) {
        try (InputStream in = store.open(bucket, key);
             MappingIterator<JsonNode> records = json.readerFor(JsonNode.class).readValues(in)) {
            while (records.hasNextValue()) {
                add(json, records.nextValue(), runId, key);
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("reading the Map results s3://" + bucket + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void add(ObjectMapper json, JsonNode record, String runId, String file) {
        String status = record.path("Status").asText();
        if ("SUCCEEDED".equals(status)) {
            JsonNode output = parse(json, record.path("Output").asText("null"), file);
            Integer id = idOf(output, runId);
            if (id == null) {
                return;
            }
            if (output.hasNonNull("error")) {
                failed.putIfAbsent(id, new Failed(output.get("error").asText(), null));
            } else {
                succeeded.set(id);
                keepTiming(id, output);
            }
            return;
        }
        Integer id = idOf(parse(json, record.path("Input").asText("null"), file), runId);
        if (id != null && !succeeded.get(id)) {
            String error = record.path("Error").asText(null);
            String cause = record.path("Cause").asText(null);
            failed.putIfAbsent(id, new Failed(error != null ? error : RunSummarizer.MISSING_OUTCOME,
                    cause != null ? bounded(cause) : "the Map's child execution for this id ended " + status));
        }
    }

    /** A success's timings, if its output has a valid pair: an output without them reads as no timing. */
    private void keepTiming(int id, JsonNode output) {
        JsonNode duration = output.get("durationMs");
        if (duration == null || !duration.canConvertToLong() || duration.asLong() < 0) {
            return;
        }
        Instant start;
        try {
            start = Instant.parse(output.path("startedAt").asText(""));
        } catch (DateTimeParseException e) {
            return;
        }
        if (id >= startMs.length) {
            int size = Math.min(RunLayout.MAX_ID + 1, Math.max(id + 1, 2 * startMs.length));
            int from = startMs.length;
            startMs = Arrays.copyOf(startMs, size);
            durationMs = Arrays.copyOf(durationMs, size);
            Arrays.fill(durationMs, from, size, -1);
        }
        startMs[id] = start.toEpochMilli();
        durationMs[id] = duration.asLong();
    }

    /** The id a child's input or output is about, by its {@code id} or its raw {@code key}; null if neither names one of this run's. */
    private static Integer idOf(JsonNode node, String runId) {
        try {
            if (node.path("id").canConvertToInt()) {
                return RunLayout.requireId(node.get("id").asInt());
            }
            return node.hasNonNull("key") ? RunLayout.idOfRaw(runId, node.get("key").asText()) : null;
        } catch (InvalidEventException e) {
            return null;
        }
    }

    private static JsonNode parse(ObjectMapper json, byte[] bytes, String key) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidEventException(key + " is not JSON: " + e.getMessage());
        }
    }

    private static JsonNode parse(ObjectMapper json, String text, String key) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new InvalidEventException("a record of " + key + " holds no JSON: " + e.getMessage());
        }
    }

    private static String bounded(String cause) {
        return cause.length() <= MAX_CAUSE_CHARS ? cause : cause.substring(0, MAX_CAUSE_CHARS) + "...";
    }

    /** Whether the Map's child for {@code id} succeeded with a result. */
    boolean succeeded(int id) {
        return succeeded.get(id);
    }

    /** The timings of {@code id}'s success, or null if it did not succeed or its result carried none. */
    Timing timing(int id) {
        if (!succeeded.get(id) || id >= durationMs.length || durationMs[id] < 0) {
            return null;
        }
        return new Timing(Instant.ofEpochMilli(startMs[id]), durationMs[id]);
    }

    /** The Map's failure for {@code id}, or null if it reported none. */
    Failed failure(int id) {
        return failed.get(id);
    }
}
