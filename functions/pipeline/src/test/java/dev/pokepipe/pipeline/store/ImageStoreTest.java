package dev.pokepipe.pipeline.store;

import com.sun.net.httpserver.HttpServer;
import dev.pokepipe.pipeline.exceptions.ObjectNotFoundException;
import dev.pokepipe.pipeline.exceptions.StorageRejectedException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How answers that are not S3's own errors are classified: the retry decisions hang on it. */
class ImageStoreTest {

    private HttpServer server;
    private final AtomicReference<String[]> answer = new AtomicReference<>();
    private S3Client s3;

    @BeforeEach
    void endpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String[] a = answer.get();
            byte[] body = a[2].getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a[1]);
            exchange.sendResponseHeaders(Integer.parseInt(a[0]), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        s3 = S3ClientFactory.create(S3ClientFactory.Settings.endpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "key", "secret"));
    }

    @AfterEach
    void stop() {
        s3.close();
        server.stop(0);
    }

    @Test
    void aNotFoundPageFromAServerStillStartingIsWorthAnotherTry() {
        answer.set(new String[]{"404", "text/html", "<html><body>Not Found</body></html>"});

        assertThatThrownBy(() -> new ImageStore(s3).get("pokepipe", "runs/r/raw/001.png", 1000))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("not an S3 error answer");
    }

    @Test
    void anS3ErrorWithItsCodeIsARefusal() {
        answer.set(new String[]{"403", "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                + "<Code>AccessDenied</Code><Message>Access Denied</Message></Error>"});

        assertThatThrownBy(() -> new ImageStore(s3).get("pokepipe", "runs/r/raw/001.png", 1000))
                .isInstanceOf(StorageRejectedException.class).hasMessageContaining("AccessDenied");
    }

    @Test
    void noSuchKeyIsNotFound() {
        answer.set(new String[]{"404", "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>"
                + "<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>"});

        assertThatThrownBy(() -> new ImageStore(s3).get("pokepipe", "runs/r/raw/001.png", 1000))
                .isInstanceOf(ObjectNotFoundException.class);
    }
}
