package dev.pokepipe.lambda;

import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The packaged {@code prepare} handler through Quarkus' mock Lambda event server. */
@QuarkusTest
@TestProfile(HandlerProfiles.Prepare.class)
@WithTestResource(StorageAndOriginResource.class)
class PrepareFunctionTest {

    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = StorageAndOriginResource.s3().createBucket("prf-" + System.nanoTime());
    }

    @Test
    void writesTheIdsAndReturnsOnlyWhereTheyAre() {
        given().contentType("application/json")
                .body(Map.of("runId", "exec-4", "bucket", bucket, "input", Map.of("ids", List.of(25, 7))))
                .when().post()
                .then().statusCode(200)
                .body("idsKey", equalTo("runs/exec-4/ids.json"))
                .body("rawPrefix", equalTo("runs/exec-4/raw/"))
                .body("count", equalTo(2));

        assertThat(StorageAndOriginResource.s3().client()
                .getObjectAsBytes(b -> b.bucket(bucket).key("runs/exec-4/ids.json")).asUtf8String()).isEqualTo("[25,7]");
    }

    @Test
    void aRepeatedIdIsAnInvalidEvent() {
        given().contentType("application/json")
                .body(Map.of("runId", "exec-4", "bucket", bucket, "input", Map.of("ids", List.of(2, 2))))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(InvalidEventException.class.getName()));
    }
}
