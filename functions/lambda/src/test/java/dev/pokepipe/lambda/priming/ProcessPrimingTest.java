package dev.pokepipe.lambda.priming;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.lambda.ProcessFunction;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.pipeline.download.OriginClient;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.outcome.StageOutcomes;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Priming runs whole process invocations through the function's own S3 client and never touches the network. */
class ProcessPrimingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageTransform TRANSFORM = new ImageTransform(new PngDecoder(40_000_000), new PngEncoder());

    private static ProcessPriming.Invocation handlerOver(S3Client s3) {
        PipelineSettings settings = PipelineSettings.defaults();
        ProcessFunction function = new ProcessFunction(Pipeline.create(settings, new Pipeline.Parts(s3, JSON, TRANSFORM,
                OriginClient.newHttpClient(settings.origin()), StageOutcomes.Metrics.NONE, Clock.systemUTC())));
        return event -> JSON.writeValueAsBytes(function.handleRequest(JSON.readValue(event, ProcessRequest.class), null));
    }

    @Test
    void primesAgainstAnEndpointNothingListensOnAndIsOnlineAgainAfter() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        OfflineSwitch offline = new OfflineSwitch();
        try (S3Client s3 = S3ClientFactory.create(S3ClientFactory.Settings.endpoint(
                URI.create("http://127.0.0.1:" + closedPort), "a", "b"), offline)) {
            ProcessPriming.Invocation invocation = handlerOver(s3);

            // Per invocation: the "already processed?" GET, the original's GET and the output's PUT (a success keeps no record).
            assertThat(new ProcessPriming(offline).prime(invocation, 3)).isEqualTo(9);
            assertThat(offline.isOffline()).isFalse();
            assertThatThrownBy(() -> invocation.invoke(ProcessPriming.EVENT))
                    .as("after priming the client talks to its endpoint again, here a closed port")
                    .isInstanceOf(StorageUnavailableException.class);
        }
    }

    @Test
    void primesTheAwsPathWithoutResolvingCredentials() {
        // No credentials anywhere in this environment: resolving them would fail the invocation.
        OfflineSwitch offline = new OfflineSwitch();
        try (S3Client s3 = S3ClientFactory.create(new S3ClientFactory.Settings(Optional.empty(),
                Optional.of("eu-west-1"), Optional.empty(), Optional.empty()), offline)) {
            assertThat(new ProcessPriming(offline).prime(handlerOver(s3), 1)).isEqualTo(3);
        }
    }

    @Test
    void whileOfflineCredentialsAreNeverAskedForAndAfterwardsTheyAre() {
        OfflineSwitch offline = new OfflineSwitch();
        software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials = offline.credentials(() -> {
            throw new IllegalStateException("asked for the real credentials");
        });

        new ProcessPriming(offline).prime(event -> {
            assertThat(credentials.resolveCredentials().accessKeyId()).isEqualTo("priming");
            return event;
        }, 1);
        assertThatThrownBy(credentials::resolveCredentials).hasMessage("asked for the real credentials");
    }

    @Test
    void onePrimingAtATime() {
        OfflineSwitch offline = new OfflineSwitch();
        assertThatThrownBy(() -> offline.offline(new byte[0], () -> offline.offline(new byte[0], () -> { })))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already offline");
        assertThat(offline.isOffline()).isFalse();
    }

    @Test
    void theTlsClientLoadsWithoutAConnection() {
        ProcessPriming.warmTls();
    }
}
