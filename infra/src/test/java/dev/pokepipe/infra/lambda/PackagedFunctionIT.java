package dev.pokepipe.infra.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.ObjectNotFoundException;
import dev.pokepipe.functions.common.S3ClientFactory;
import dev.pokepipe.functions.process.transform.PngDecoder;
import dev.pokepipe.infra.storage.EmbeddedStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged function (what function.zip holds) as its own process, invoked through the Lambda
 * Runtime API the way Lambda invokes it, against the embedded S3 server.
 */
class PackagedFunctionIT {

    private static final Path ROOT = Path.of(System.getProperty("pokepipe.root.dir", ".."));
    private static final Path FIXTURES = Path.of(System.getProperty("pokepipe.shared.dir", "../../shared"))
            .resolve("fixtures/transform");

    @TempDir
    Path dataDir;

    @Test
    void theProcessHandlerAnswersThroughTheRuntimeApi() throws Exception {
        Path app = ROOT.resolve("functions/target/functions-0.1.0-SNAPSHOT-runner.jar");
        assertThat(app).as("the functions are packaged before the integration tests").isRegularFile();
        try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings());
             RuntimeApiEmulator runtime = RuntimeApiEmulator.start();
             PackagedFunction function = PackagedFunction.start(app, "process", runtime, storage, false)) {
            storage.ensureBucket("pokepipe");
            s3.putObject(b -> b.bucket("pokepipe").key("runs/pkg/raw/001.png"),
                    RequestBody.fromFile(FIXTURES.resolve("rgba_475.input.png")));

            RuntimeApiEmulator.Outcome ok = runtime.invoke("{\"runId\":\"pkg\",\"bucket\":\"pokepipe\",\"id\":1}")
                    .get(2, TimeUnit.MINUTES);
            RuntimeApiEmulator.Outcome missing = runtime.invoke("{\"runId\":\"pkg\",\"bucket\":\"pokepipe\",\"id\":2}")
                    .get(1, TimeUnit.MINUTES);

            assertThat(ok.failed()).as(ok.body()).isFalse();
            JsonNode result = new ObjectMapper().readTree(ok.body());
            assertThat(result.get("key").asText()).isEqualTo("runs/pkg/processed/001.png");
            PngDecoder decoder = new PngDecoder(1_000_000);
            assertThat(decoder.decode(s3.getObjectAsBytes(b -> b.bucket("pokepipe").key("runs/pkg/processed/001.png"))
                    .asByteArray()).pixels())
                    .isEqualTo(decoder.decode(Files.readAllBytes(FIXTURES.resolve("rgba_475.08-down.png"))).pixels());
            assertThat(missing.errorType()).isEqualTo(ObjectNotFoundException.class.getName());
        }
    }
}
