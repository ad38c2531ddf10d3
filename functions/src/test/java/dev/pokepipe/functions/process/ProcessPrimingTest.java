package dev.pokepipe.functions.process;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.S3ClientFactory;
import dev.pokepipe.functions.process.transform.ImageTransform;
import dev.pokepipe.functions.process.transform.PngDecoder;
import dev.pokepipe.functions.process.transform.PngEncoder;
import dev.pokepipe.functions.process.transform.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Priming runs whole process invocations and never touches the network. */
class ProcessPrimingTest {

    private static final ImageTransform TRANSFORM = new ImageTransform(new PngDecoder(40_000_000), new PngEncoder());

    @Test
    void primesAgainstAnEndpointNothingListensOn() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // A request that reached the network would fail on the closed port and fail the priming.
        ProcessPriming priming = new ProcessPriming(S3ClientFactory.Settings.endpoint(
                URI.create("http://127.0.0.1:" + closedPort), "a", "b"), TRANSFORM, new ObjectMapper(), 10_000_000);

        // Per invocation: the "already processed?" GET, the original's GET, the output's and the result's PUTs.
        assertThat(priming.prime(3)).isEqualTo(12);
    }

    @Test
    void primesTheAwsPathTooWithoutCredentialsOrNetwork() {
        ProcessPriming priming = new ProcessPriming(new S3ClientFactory.Settings(Optional.empty(),
                Optional.of("eu-west-1"), Optional.empty(), Optional.empty()), TRANSFORM, new ObjectMapper(), 10_000_000);

        assertThat(priming.prime(1)).isEqualTo(4);
    }

    @Test
    void theOriginalIsArtworkSizedWithAlpha() {
        byte[] png = ProcessPriming.original();
        assertThat(png[25]).as("colour type RGBA").isEqualTo((byte) 6);
        RgbImage image = TRANSFORM.decoder().decode(png);
        assertThat(image.width()).isEqualTo(475);
        assertThat(image.height()).isEqualTo(475);
    }
}
