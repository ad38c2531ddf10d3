package dev.pokepipe.lambda;

import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** The packaged {@code summarize} handler through Quarkus' mock Lambda event server. */
@QuarkusTest
@TestProfile(HandlerProfiles.Summarize.class)
@WithTestResource(StorageAndOriginResource.class)
class SummarizeFunctionTest {

    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = StorageAndOriginResource.s3().createBucket("smf-" + System.nanoTime());
    }

    @Test
    void summarizesFromTheMapsResultsAndReturnsOnlyTheCounts() {
        keep("runs/exec-3/ids.json", "[1,2]");
        String downloads = mapResults("download", "{\\\"id\\\":1,\\\"bytes\\\":10,"
                        + "\\\"startedAt\\\":\\\"2026-01-01T00:00:00Z\\\",\\\"durationMs\\\":400}",
                "{\\\"id\\\":2,\\\"error\\\":\\\"dev.pokepipe.pipeline.exceptions.ImageNotFoundException\\\"}");
        String processes = mapResults("process", "{\\\"id\\\":1,\\\"bytes\\\":9,"
                + "\\\"startedAt\\\":\\\"2026-01-01T00:00:00.500Z\\\",\\\"durationMs\\\":100}");
        Map<String, Object> event = Map.of("runId", "exec-3", "bucket", bucket,
                "downloadResults", downloads, "processResults", processes);

        given().contentType("application/json").body(event)
                .when().post()
                .then().statusCode(200)
                .body("requested", equalTo(2))
                .body("processed", equalTo(1))
                .body("failed", equalTo(1))
                .body("summaryKey", equalTo("runs/exec-3/summary.json"))
                .body("$", not(hasKey("failures")));

        String stored = StorageAndOriginResource.s3().client()
                .getObjectAsBytes(b -> b.bucket(bucket).key("runs/exec-3/summary.json")).asUtf8String();
        assertThat(stored).contains("\"imagesPerSecond\"").contains("\"totalSeconds\" : 0.6")
                .contains("\"stage\" : \"download\"");
    }

    /** A Map's ResultWriter output with one succeeded child per output (JSON text, escaped); returns the manifest key. */
    private String mapResults(String stage, String... outputs) {
        String folder = "runs/exec-3/maps/" + stage + "/run-1/";
        StringBuilder records = new StringBuilder("[");
        for (String output : outputs) {
            records.append(records.length() > 1 ? "," : "").append("{\"Status\":\"SUCCEEDED\",\"Input\":\"{}\",\"Output\":\"")
                    .append(output).append("\"}");
        }
        keep(folder + "SUCCEEDED_0.json", records.append(']').toString());
        keep(folder + "manifest.json", "{\"DestinationBucket\":\"" + bucket + "\",\"ResultFiles\":{\"FAILED\":[],"
                + "\"PENDING\":[],\"SUCCEEDED\":[{\"Key\":\"" + folder + "SUCCEEDED_0.json\",\"Size\":1}]}}");
        return folder + "manifest.json";
    }

    private void keep(String key, String json) {
        StorageAndOriginResource.s3().client().putObject(b -> b.bucket(bucket).key(key),
                software.amazon.awssdk.core.sync.RequestBody.fromString(json));
    }

    @Test
    void missingResultsAreAnInvalidEvent() {
        given().contentType("application/json").body(Map.of("runId", "exec-3", "bucket", bucket))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(InvalidEventException.class.getName()));
    }
}
