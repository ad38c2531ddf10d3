package dev.pokepipe.lambda;

import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.ObjectNotFoundException;
import dev.pokepipe.testing.Fixtures;
import dev.pokepipe.transform.PngDecoder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The packaged {@code process} handler through Quarkus' mock Lambda event server. */
@QuarkusTest
@TestProfile(HandlerProfiles.Process.class)
@WithTestResource(StorageAndOriginResource.class)
class ProcessFunctionTest {

    private static final Path FIXTURES = Fixtures.transformDir();
    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = StorageAndOriginResource.s3().createBucket("prf-" + System.nanoTime());
    }

    @Test
    void transformsTheRawImage() throws IOException {
        put("runs/exec-2/raw/012.png", Files.readAllBytes(FIXTURES.resolve("p_trns_index.input.png")));

        given().contentType("application/json")
                .body(Map.of("runId", "exec-2", "bucket", bucket, "id", 12, "key", "runs/exec-2/raw/012.png"))
                .when().post()
                .then().statusCode(200)
                .body("key", equalTo("runs/exec-2/processed/012.png"))
                .body("width", equalTo(160))
                .body("height", equalTo(120));

        byte[] out = StorageAndOriginResource.s3().client()
                .getObjectAsBytes(b -> b.bucket(bucket).key("runs/exec-2/processed/012.png")).asByteArray();
        PngDecoder decoder = new PngDecoder(1_000_000);
        assertThat(decoder.decode(out).pixels()).isEqualTo(
                decoder.decode(Files.readAllBytes(FIXTURES.resolve("p_trns_index.08-down.png"))).pixels());
    }

    @Test
    void errorTypesAreTheExceptionsFullyQualifiedNames() {
        put("runs/exec-2/raw/013.png", "<html/>".getBytes());
        given().contentType("application/json")
                .body(Map.of("runId", "exec-2", "bucket", bucket, "id", 13, "key", "runs/exec-2/raw/013.png"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(InvalidImageException.class.getName()));
        given().contentType("application/json")
                .body(Map.of("runId", "exec-2", "bucket", bucket, "id", 14, "key", "runs/exec-2/raw/014.png"))
                .when().post()
                .then().statusCode(500)
                .body("errorType", equalTo(ObjectNotFoundException.class.getName()));
    }

    private void put(String key, byte[] bytes) {
        StorageAndOriginResource.s3().client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }
}
