package dev.pokepipe.lambda;

import dev.pokepipe.pipeline.exceptions.ImageNotFoundException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.OriginUnavailableException;
import dev.pokepipe.testing.Fixtures;
import dev.pokepipe.testing.TestOrigin.Answer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** The packaged {@code download} handler through Quarkus' mock Lambda event server. */
@QuarkusTest
@TestProfile(HandlerProfiles.Download.class)
@WithTestResource(StorageAndOriginResource.class)
class DownloadFunctionTest {

    private String bucket;

    @BeforeEach
    void bucket() {
        bucket = StorageAndOriginResource.s3().createBucket("dlf-" + System.nanoTime());
    }

    @Test
    void downloadsIntoTheRunsRawPrefix() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.transformDir().resolve("gray_l.input.png"));
        StorageAndOriginResource.origin().answer("025.png", Answer.png(png));

        given().contentType("application/json")
                .body(Map.of("runId", "exec-1", "bucket", bucket, "id", 25))
                .when().post()
                .then().statusCode(200)
                .body("id", equalTo(25))
                .body("key", equalTo("runs/exec-1/raw/025.png"))
                .body("bytes", equalTo(png.length));

        S3Client s3 = StorageAndOriginResource.s3().client();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("runs/exec-1/raw/025.png")).asByteArray())
                .isEqualTo(png);
    }

    @Test
    void nothingInTheEventChoosesTheHost() throws IOException {
        byte[] png = Files.readAllBytes(Fixtures.transformDir().resolve("tiny_1x1.input.png"));
        StorageAndOriginResource.origin().answer("031.png", Answer.png(png));
        int before = StorageAndOriginResource.origin().requestedPaths().size();

        given().contentType("application/json")
                .body(Map.of("runId", "exec-1", "bucket", bucket, "id", 31,
                        "url", "http://127.0.0.1:1/elsewhere.png", "originBaseUrl", "http://127.0.0.1:1"))
                .when().post()
                .then().statusCode(200)
                .body("bytes", equalTo(png.length));

        assertThat(StorageAndOriginResource.origin().requestedPaths().subList(before,
                StorageAndOriginResource.origin().requestedPaths().size())).containsExactly("/images/031.png");
    }

    @Test
    void errorTypesAreTheExceptionsFullyQualifiedNames() {
        StorageAndOriginResource.origin().answer("500.png", Answer.status(500));

        invokeExpectingError(Map.of("runId", "exec-1", "bucket", bucket, "id", 404))
                .body("errorType", equalTo(ImageNotFoundException.class.getName()));
        invokeExpectingError(Map.of("runId", "exec-1", "bucket", bucket, "id", 500))
                .body("errorType", equalTo(OriginUnavailableException.class.getName()));
        invokeExpectingError(Map.of("runId", "exec-1", "bucket", bucket, "id", 0))
                .body("errorType", equalTo(InvalidEventException.class.getName()));
    }

    private static io.restassured.response.ValidatableResponse invokeExpectingError(Map<String, Object> event) {
        return given().contentType("application/json").body(event).when().post().then().statusCode(500);
    }
}
