package dev.pokepipe.pipeline.store;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client sends to an S3-compatible endpoint, as a server on loopback receives it. */
class S3ClientFactoryTest {

    private record Received(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes()));
            exchange.getResponseHeaders().add("ETag", "\"0\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void anUploadToAnEndpointIsOneSignedBodyWithoutChunkFramingOrAnExpectRoundTrip() throws Exception {
        byte[] png = new byte[300_000];
        new java.util.Random(3).nextBytes(png);
        URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (S3Client s3 = S3ClientFactory.create(S3ClientFactory.Settings.endpoint(endpoint, "key", "secret"))) {
            new ImageStore(s3).put("pokepipe", "runs/r1/raw/001.png", png, "image/png");
        }

        assertThat(received).hasSize(1);
        Received put = received.get(0);
        assertThat(put.body()).as("the body as sent, not aws-chunked frames").isEqualTo(png);
        assertThat(put.header("Content-Encoding")).isNull();
        assertThat(put.header("x-amz-content-sha256")).isEqualTo(sha256(png));
        assertThat(put.header("Expect")).isNull();
        assertThat(put.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=key/");
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
