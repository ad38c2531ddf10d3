package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes a Map Run's results as the ResultWriter (Map) page lays them out: under
 * {@code <Prefix>/<MapRunId>/}, {@code SUCCEEDED_<n>.json}, {@code FAILED_<n>.json} and
 * {@code PENDING_<n>.json}, each a JSON array of child records, and a {@code manifest.json} naming
 * them. A file is put once it would pass {@code partBytes}, so no more than one part per status is
 * ever held in memory; AWS splits its files at 5 GB, the engine by default at 5 MiB.
 */
final class ResultWriterFiles {

    /** Where the engine cuts a results file unless told otherwise. */
    static final int DEFAULT_PART_BYTES = 5 * 1024 * 1024;

    enum Status { SUCCEEDED, FAILED, PENDING }

    private final ObjectStore store;
    private final String bucket;
    private final String folder;
    private final String mapRunArn;
    private final int partBytes;
    private final Map<Status, Part> parts = new EnumMap<>(Status.class);
    private final Map<Status, ArrayNode> written = new EnumMap<>(Status.class);

    /**
     * @param parameters the ResultWriter's Parameters, evaluated: Bucket and an optional Prefix
     * @throws StatesError States.ResultWriterFailed if Bucket is not a string
     */
    ResultWriterFiles(ObjectStore store, JsonNode parameters, String mapRunId, String mapRunArn, int partBytes) {
        JsonNode b = parameters.get("Bucket");
        if (b == null || !b.isTextual()) {
            throw failed("ResultWriter.Parameters.Bucket must be a string, got " + b);
        }
        String prefix = parameters.path("Prefix").asText("");
        this.store = store;
        this.bucket = b.textValue();
        this.folder = (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/") + mapRunId + "/";
        this.mapRunArn = mapRunArn;
        this.partBytes = partBytes;
        for (Status s : Status.values()) {
            parts.put(s, new Part());
            written.put(s, Json.emptyObject().arrayNode());
        }
    }

    static StatesError failed(String cause) {
        return new StatesError(StatesError.RESULT_WRITER_FAILED, cause);
    }

    /** Adds one child record to its status's file, putting the file first if the record would not fit. */
    synchronized void add(Status status, JsonNode record) {
        byte[] bytes = Json.compact(record).getBytes(StandardCharsets.UTF_8);
        Part part = parts.get(status);
        // The brackets and the comma before this record count too.
        if (part.count > 0 && part.buffer.size() + 1 + bytes.length + 2 > partBytes) {
            flush(status);
        }
        if (part.count > 0) {
            part.buffer.write(',');
        }
        part.buffer.writeBytes(bytes);
        part.count++;
    }

    /**
     * Puts what is left and the manifest; returns the ResultWriterDetails of the Map's output.
     *
     * @throws StatesError States.ResultWriterFailed if a put fails
     */
    synchronized ObjectNode finish() {
        for (Status s : Status.values()) {
            if (parts.get(s).count > 0) {
                flush(s);
            }
        }
        ObjectNode manifest = Json.emptyObject();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", mapRunArn);
        ObjectNode files = manifest.putObject("ResultFiles");
        for (Status s : Status.values()) {
            files.set(s.name(), written.get(s));
        }
        String key = folder + "manifest.json";
        put(key, Json.compact(manifest).getBytes(StandardCharsets.UTF_8));
        ObjectNode details = Json.emptyObject();
        details.put("Bucket", bucket);
        details.put("Key", key);
        return details;
    }

    private void flush(Status status) {
        Part part = parts.get(status);
        ArrayNode files = written.get(status);
        String key = folder + status.name() + "_" + files.size() + ".json";
        ByteArrayOutputStream body = new ByteArrayOutputStream(part.buffer.size() + 2);
        body.write('[');
        body.writeBytes(part.buffer.toByteArray());
        body.write(']');
        byte[] bytes = body.toByteArray();
        put(key, bytes);
        ObjectNode file = files.addObject();
        file.put("Key", key);
        file.put("Size", bytes.length);
        part.buffer.reset();
        part.count = 0;
    }

    private void put(String key, byte[] bytes) {
        try {
            store.put(bucket, key, bytes, "application/json");
        } catch (ObjectStore.ObjectStoreException e) {
            throw failed(e.getMessage());
        }
    }

    /** The records of one status not yet put. */
    private static final class Part {
        final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int count;
    }
}
