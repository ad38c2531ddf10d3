package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 side of an ASL vector: {@code s3/<bucket>/<key>} files uploaded before the run,
 * {@code expected-s3.json} ({@code {"<bucket>/<key>": <JSON>}}) matched against what the run wrote,
 * {@code expected-map-run.json} against {@link ExecutionResult#mapRuns()}. {@code {MapRunId}} in an
 * expected file or key stands for the id of the run's one Map Run.
 */
final class VectorObjects {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final Path dir;
    private final ExecutionResult result;

    VectorObjects(S3Client s3, Path dir, ExecutionResult result) {
        this.s3 = s3;
        this.dir = dir;
        this.result = result;
    }

    /** Creates the vector's buckets and uploads its {@code s3/} files. */
    static void upload(S3Client s3, Path dir) throws IOException {
        Path root = dir.resolve("s3");
        if (Files.exists(dir.resolve("expected-s3.json"))) {
            AslVectorsTest.read(dir.resolve("expected-s3.json")).fieldNames()
                    .forEachRemaining(k -> create(s3, k.substring(0, k.indexOf('/'))));
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> buckets = Files.list(root); Stream<Path> files = Files.walk(root)) {
            buckets.filter(Files::isDirectory).forEach(b -> create(s3, b.getFileName().toString()));
            files.filter(Files::isRegularFile).sorted().forEach(f -> {
                Path rel = root.relativize(f);
                String key = rel.subpath(1, rel.getNameCount()).toString().replace('\\', '/');
                s3.putObject(p -> p.bucket(rel.getName(0).toString()).key(key), RequestBody.fromFile(f));
            });
        }
    }

    private static void create(S3Client s3, String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // Vectors run again on a retry, and two vectors may share an input bucket.
        }
    }

    /** An expected file of the vector with {@code {MapRunId}} filled in. */
    JsonNode expected(String file) throws IOException {
        return JSON.readTree(fill(Files.readString(dir.resolve(file))));
    }

    private String fill(String text) {
        if (!text.contains("{MapRunId}")) {
            return text;
        }
        assertThat(result.mapRuns()).as("Map Runs, for {MapRunId}").hasSize(1);
        return text.replace("{MapRunId}", result.mapRuns().get(0).mapRunId());
    }

    /** Checks expected-s3.json and expected-map-run.json, if the vector has them. */
    void check() throws IOException {
        if (Files.exists(dir.resolve("expected-s3.json"))) {
            expected("expected-s3.json").fields().forEachRemaining(e -> {
                String bucket = e.getKey().substring(0, e.getKey().indexOf('/'));
                String key = e.getKey().substring(bucket.length() + 1);
                JsonNode actual;
                try {
                    actual = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
                } catch (NoSuchKeyException x) {
                    throw new AssertionError("the run wrote no s3://" + e.getKey());
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
                assertThat(matches(actual, e.getValue())).as("s3://%s%n%s%nmatches%n%s", e.getKey(), actual,
                        e.getValue()).isTrue();
            });
        }
        if (Files.exists(dir.resolve("expected-map-run.json"))) {
            expected("expected-map-run.json").fields().forEachRemaining(e -> {
                MapRunResult run = result.mapRuns().stream().filter(r -> r.stateName().equals(e.getKey()))
                        .findFirst().orElseThrow(() -> new AssertionError("no Map Run of " + e.getKey()));
                ObjectNode counts = JSON.createObjectNode();
                counts.put("status", run.status().name());
                counts.put("itemsTotal", run.itemsTotal());
                counts.put("itemsSucceeded", run.itemsSucceeded());
                counts.put("itemsFailed", run.itemsFailed());
                counts.put("itemsPending", run.itemsPending());
                counts.put("failuresKept", run.failures().size());
                assertThat(matches(counts, e.getValue())).as("Map Run %s matches %s", counts, e.getValue()).isTrue();
            });
        }
    }

    /** Objects field by field (fields not expected are ignored), arrays element by element and of equal length. */
    static boolean matches(JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!actual.has(f.getKey()) || !matches(actual.get(f.getKey()), f.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                return false;
            }
            for (int i = 0; i < expected.size(); i++) {
                if (!matches(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return AslVectorsTest.contains(actual, expected);
    }
}
