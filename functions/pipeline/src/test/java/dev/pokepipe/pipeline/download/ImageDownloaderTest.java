package dev.pokepipe.pipeline.download;

import dev.pokepipe.pipeline.exceptions.ImageNotFoundException;
import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.OriginRejectedException;
import dev.pokepipe.pipeline.exceptions.OriginUnavailableException;
import dev.pokepipe.pipeline.exceptions.StorageRejectedException;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import dev.pokepipe.testing.Fixtures;
import dev.pokepipe.testing.PngBuilder;
import dev.pokepipe.testing.TestOrigin.Answer;
import dev.pokepipe.testing.TestOrigin;
import dev.pokepipe.transform.PngDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The download logic against a real S3 API (S3Proxy) and a real HTTP origin, both on loopback. */
class ImageDownloaderTest {

    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();

    private static S3Client s3() {
        return S3_SERVER.client();
    }
    private static byte[] png;

    private TestOrigin origin;
    private String bucket;

    @BeforeAll
    static void readImage() throws IOException {
        png = Files.readAllBytes(Fixtures.transformDir().resolve("rgba_475.input.png"));
    }

    @BeforeEach
    void startOrigin() throws IOException {
        origin = new TestOrigin();
        bucket = S3_SERVER.createBucket("dl-" + System.nanoTime());
    }

    @AfterEach
    void stopOrigin() {
        origin.close();
    }

    private ImageDownloader downloader(URI base, Duration requestTimeout, long maxBytes) {
        OriginClient.Settings settings = new OriginClient.Settings(base, Duration.ofSeconds(2), requestTimeout, maxBytes);
        return new ImageDownloader(new OriginClient(settings, OriginClient.newHttpClient(settings)),
                new ImageStore(s3()), new PngDecoder(50_000_000), Clock.systemUTC());
    }

    private ImageDownloader downloader() {
        return downloader(origin.baseUrl(), Duration.ofSeconds(5), 1_000_000);
    }

    @Test
    void storesTheImageUnderTheRunsRawPrefix() {
        origin.answer("007.png", Answer.png(png));

        DownloadResult result = downloader().download(new DownloadRequest("run-1", bucket, 7));

        assertThat(result.id()).isEqualTo(7);
        assertThat(result.key()).isEqualTo("runs/run-1/raw/007.png");
        assertThat(result.bytes()).isEqualTo(png.length);
        assertThat(result.durationMs()).isNotNegative();
        assertThat(result.startedAt()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/run-1/raw/007.png")).asByteArray())
                .isEqualTo(png);
        HeadObjectResponse head = s3().headObject(b -> b.bucket(bucket).key("runs/run-1/raw/007.png"));
        assertThat(head.contentType()).isEqualTo("image/png");
        assertThat(origin.requestedPaths()).containsExactly("/images/007.png");
    }

    @Test
    void aSoundStoredOriginalIsKeptAndNotFetchedAgain() {
        origin.answer("008.png", Answer.png(png));
        downloader().download(new DownloadRequest("run-1", bucket, 8));
        downloader().download(new DownloadRequest("run-1", bucket, 8));
        assertThat(origin.requestedPaths()).containsExactly("/images/008.png");

        s3().putObject(b -> b.bucket(bucket).key("runs/run-1/raw/009.png"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(java.util.Arrays.copyOf(png, 100)));
        origin.answer("009.png", Answer.png(png));
        DownloadResult again = downloader().download(new DownloadRequest("run-1", bucket, 9));
        assertThat(again.bytes()).as("a broken leftover is replaced").isEqualTo(png.length);
        assertThat(origin.requestedPaths()).containsExactly("/images/008.png", "/images/009.png");
    }

    @Test
    void aFreshRunLooksForNoStoredOriginal() {
        origin.answer("008.png", Answer.png(png));
        downloader().download(new DownloadRequest("run-1", bucket, 8, false));
        DownloadResult fresh = downloader().download(new DownloadRequest("run-1", bucket, 8, true));

        assertThat(origin.requestedPaths()).as("fetched again over the sound copy")
                .containsExactly("/images/008.png", "/images/008.png");
        assertThat(fresh.bytes()).isEqualTo(png.length);
        assertThat(s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/run-1/raw/008.png")).asByteArray()).isEqualTo(png);
    }

    @Nested
    class PermanentFailures {

        @Test
        void notFoundIsItsOwnError() {
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 404)))
                    .isInstanceOf(ImageNotFoundException.class)
                    .hasMessageContaining("/images/404.png answered 404");
            assertNothingStored();
        }

        @Test
        void htmlInsteadOfAPng() {
            origin.answer("003.png", new Answer(200, "<html>sorry</html>".getBytes(), "text/html", 0, -1));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 3)))
                    .isInstanceOf(InvalidImageException.class)
                    .hasMessageContaining("did not return a PNG")
                    .hasMessageContaining("text/html");
            assertNothingStored();
        }

        @Test
        void truncatedOrBadCrcOrHugeBodiesAreRejectedAndNotStored() {
            origin.answer("010.png", Answer.png(java.util.Arrays.copyOf(png, png.length / 2)));
            byte[] badCrc = png.clone();
            badCrc[badCrc.length / 2] ^= 0x5A;
            origin.answer("011.png", Answer.png(badCrc));
            origin.answer("012.png", Answer.png(new PngBuilder().header(100_000, 100_000, 8, 6)
                    .imageData(new byte[]{0}).end()));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 10)))
                    .isInstanceOf(InvalidImageException.class).hasMessageContaining("truncated");
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 11)))
                    .isInstanceOf(InvalidImageException.class).hasMessageContaining("bad CRC");
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 12)))
                    .isInstanceOf(InvalidImageException.class).hasMessageContaining("image too large");
            assertThat(s3().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        }

        @Test
        void bodyOverTheCap() {
            origin.answer("004.png", Answer.png(png));
            assertThatThrownBy(() -> downloader(origin.baseUrl(), Duration.ofSeconds(5), 1000)
                    .download(new DownloadRequest("run-1", bucket, 4)))
                    .isInstanceOf(ImageTooLargeException.class)
                    .hasMessageContaining("limit of 1000");
            assertNothingStored();
        }

        @Test
        void redirectsAreNotFollowed() {
            origin.answer("005.png", new Answer(302, new byte[0], "text/plain", 0, -1));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 5)))
                    .isInstanceOf(OriginRejectedException.class)
                    .hasMessageContaining("redirects are not followed");
        }

        @Test
        void badEventsNameTheField() {
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 0)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("id must be");
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("../etc", bucket, 1)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("runId");
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", null, 1)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("bucket");
            assertThat(origin.requestedPaths()).isEmpty();
        }

        @Test
        void missingBucketIsNotRetried() {
            origin.answer("001.png", Answer.png(png));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", "no-such-bucket", 1)))
                    .isInstanceOf(StorageRejectedException.class)
                    .hasMessageContaining("no-such-bucket");
        }
    }

    @Nested
    class TransientFailures {

        @Test
        void serverError() {
            origin.answer("002.png", Answer.status(503));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 2)))
                    .isInstanceOf(OriginUnavailableException.class)
                    .hasMessageContaining("answered 503");
            assertNothingStored();
        }

        @Test
        void slowerThanTheRequestTimeout() {
            origin.answer("002.png", Answer.png(png).delayed(2_000));
            assertThatThrownBy(() -> downloader(origin.baseUrl(), Duration.ofMillis(200), 1_000_000)
                    .download(new DownloadRequest("run-1", bucket, 2)))
                    .isInstanceOf(OriginUnavailableException.class)
                    .hasMessageContaining("HttpTimeoutException");
        }

        @Test
        void connectionRefused() throws IOException {
            int freePort;
            try (ServerSocket socket = new ServerSocket(0)) {
                freePort = socket.getLocalPort();
            }
            assertThatThrownBy(() -> downloader(URI.create("http://127.0.0.1:" + freePort), Duration.ofSeconds(2),
                    1_000_000).download(new DownloadRequest("run-1", bucket, 2)))
                    .isInstanceOf(OriginUnavailableException.class)
                    .hasMessageContaining("ConnectException");
        }

        @Test
        void connectionResetMidBody() {
            origin.answer("002.png", new Answer(200, png, "image/png", 0, 1000));
            assertThatThrownBy(() -> downloader().download(new DownloadRequest("run-1", bucket, 2)))
                    .isInstanceOf(OriginUnavailableException.class);
            assertNothingStored();
        }
    }

    @Test
    void theOriginUrlComesFromConfigurationOnly() {
        OriginClient.Settings settings = new OriginClient.Settings(URI.create("https://images.example/full/"),
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10);
        OriginClient client = new OriginClient(settings, OriginClient.newHttpClient(settings));
        assertThat(client.urlOf(1)).hasToString("https://images.example/full/001.png");
        assertThat(client.urlOf(150)).hasToString("https://images.example/full/150.png");
        assertThat(client.urlOf(1000)).hasToString("https://images.example/full/1000.png");
        assertThatThrownBy(() -> client.urlOf(-1)).isInstanceOf(InvalidEventException.class);
        assertThat(Arrays.stream(DownloadRequest.class.getRecordComponents()).map(c -> c.getName()))
                .containsExactly("runId", "bucket", "id", "fresh");
    }

    private void assertNothingStored() {
        assertThat(s3().listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        assertThatThrownBy(() -> s3().headObject(b -> b.bucket(bucket).key("runs/run-1/raw/002.png")))
                .isInstanceOf(NoSuchKeyException.class);
    }
}
