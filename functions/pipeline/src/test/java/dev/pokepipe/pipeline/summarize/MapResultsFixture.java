package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.UUID;

/**
 * Writes a Distributed Map's ResultWriter output as the Step Functions developer guide's "ResultWriter
 * (Map)" page lays it out: {@code <Prefix>/<MapRunId>/manifest.json} listing {@code SUCCEEDED_0.json} and
 * {@code FAILED_0.json}, each a JSON array of child records whose Input and Output are JSON text.
 */
final class MapResultsFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MapResultsFixture() {
    }

    /** A succeeded child's record: its output is what the child's last state returned. */
    static ObjectNode succeeded(JsonNode input, JsonNode output) {
        ObjectNode r = record(input, "SUCCEEDED");
        r.put("Output", output.toString());
        return r;
    }

    /** A failed child's record, with the error and cause Step Functions gives it. */
    static ObjectNode failed(JsonNode input, String error, String cause) {
        ObjectNode r = record(input, "FAILED");
        r.put("Error", error);
        r.put("Cause", cause);
        return r;
    }

    private static ObjectNode record(JsonNode input, String status) {
        ObjectNode r = JSON.createObjectNode();
        r.put("ExecutionArn", "arn:aws:states:local:000000000000:execution:pokepipe/Map:" + UUID.randomUUID());
        r.put("Input", input.toString());
        r.putObject("InputDetails").put("Included", true);
        r.put("Name", UUID.randomUUID().toString());
        r.put("StartDate", "2026-01-01T00:00:00Z");
        r.put("StateMachineArn", "arn:aws:states:local:000000000000:stateMachine:pokepipe/Map");
        r.put("Status", status);
        r.put("StopDate", "2026-01-01T00:00:01Z");
        return r;
    }

    /** Writes {@code records} under {@code prefix}; returns the manifest's key, as the Map's ResultWriterDetails has it. */
    static String write(S3Client s3, String bucket, String prefix, List<ObjectNode> records) {
        String folder = prefix + "/" + UUID.randomUUID() + "/";
        ArrayNode succeeded = JSON.createArrayNode();
        ArrayNode failed = JSON.createArrayNode();
        records.forEach(r -> ("SUCCEEDED".equals(r.get("Status").asText()) ? succeeded : failed).add(r));
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("DestinationBucket", bucket);
        manifest.put("MapRunArn", "arn:aws:states:local:000000000000:mapRun:pokepipe/Map:x");
        ObjectNode files = manifest.putObject("ResultFiles");
        files.set("FAILED", file(s3, bucket, folder + "FAILED_0.json", failed));
        files.putArray("PENDING");
        files.set("SUCCEEDED", file(s3, bucket, folder + "SUCCEEDED_0.json", succeeded));
        put(s3, bucket, folder + "manifest.json", manifest.toString());
        return folder + "manifest.json";
    }

    private static ArrayNode file(S3Client s3, String bucket, String key, ArrayNode records) {
        ArrayNode list = JSON.createArrayNode();
        if (!records.isEmpty()) {
            put(s3, bucket, key, records.toString());
            list.addObject().put("Key", key).put("Size", records.toString().length());
        }
        return list;
    }

    static void put(S3Client s3, String bucket, String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }
}
