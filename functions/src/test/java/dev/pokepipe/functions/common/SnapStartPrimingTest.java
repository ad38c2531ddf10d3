package dev.pokepipe.functions.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.process.transform.ImageTransform;
import dev.pokepipe.functions.process.transform.PngDecoder;
import dev.pokepipe.functions.process.transform.PngEncoder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class SnapStartPrimingTest {

    @Test
    void primesWithoutAnyNetworkCall() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Any request would fail on the closed port: priming must not send one.
        try (S3Client s3 = S3ClientFactory.create(S3ClientFactory.Settings.endpoint(
                URI.create("http://127.0.0.1:" + closedPort), "a", "b"))) {
            SnapStartPriming priming = new SnapStartPriming(
                    new ImageTransform(new PngDecoder(1_000_000), new PngEncoder()), s3, new ObjectMapper(), false);

            assertThat(priming.prime()).isPositive();
        }
    }
}
