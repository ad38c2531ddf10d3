package dev.pokepipe.pipeline.process;

import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.ObjectNotFoundException;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import dev.pokepipe.testing.Fixtures;
import dev.pokepipe.testing.PngBuilder;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.Kernels;
import dev.pokepipe.transform.MemoryBudget;
import dev.pokepipe.transform.RgbImage;
import dev.pokepipe.transform.RowBands;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The process logic against a real S3 API (S3Proxy on loopback). */
class ImageProcessorTest {

    private static final Path FIXTURES = Fixtures.transformDir();
    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();

    private static S3Client s3() {
        return S3_SERVER.client();
    }

    private String bucket;
    private ImageProcessor processor;

    @BeforeEach
    void newBucket() {
        bucket = S3_SERVER.createBucket("proc-" + System.nanoTime());
        processor = new ImageProcessor(new ImageStore(s3()),
                new ImageTransform(new PngDecoder(1_000_000), new PngEncoder()), 2_000_000, Clock.systemUTC());
    }

    @Test
    void writesTheTransformedImageWithPillowsPixels() throws IOException {
        put("runs/r1/raw/001.png", Files.readAllBytes(FIXTURES.resolve("rgba_475.input.png")));

        ProcessResult result = processor.process(new ProcessRequest("r1", bucket, 1, "runs/r1/raw/001.png"));
        ProcessResult byKey = processor.process(new ProcessRequest("r1", bucket, null, "runs/r1/raw/001.png"));
        assertThat(byKey.id()).as("the process Map names the original by key alone").isEqualTo(1);

        assertThat(result.key()).isEqualTo("runs/r1/processed/001.png");
        assertThat(result.width()).isEqualTo(475);
        assertThat(result.height()).isEqualTo(475);
        byte[] stored = s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/r1/processed/001.png")).asByteArray();
        assertThat(result.bytes()).isEqualTo(stored.length);
        byte[] expected = new PngDecoder(1_000_000).decode(Files.readAllBytes(FIXTURES.resolve("rgba_475.08-down.png")))
                .pixels();
        assertThat(new PngDecoder(1_000_000).decode(stored).pixels()).isEqualTo(expected);
        assertThat(s3().headObject(b -> b.bucket(bucket).key("runs/r1/processed/001.png")).contentType())
                .isEqualTo("image/png");
    }

    @Test
    void aDecodableStoredOutputIsKeptAndNotRedone() throws IOException {
        put("runs/r1/raw/007.png", Files.readAllBytes(FIXTURES.resolve("gray_l.input.png")));
        ProcessResult first = processor.process(new ProcessRequest("r1", bucket, 7, null));
        s3().deleteObject(b -> b.bucket(bucket).key("runs/r1/raw/007.png"));

        ProcessResult again = processor.process(new ProcessRequest("r1", bucket, 7, null));

        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(again.width()).isEqualTo(240);
        put("runs/r1/processed/007.png", new byte[]{1, 2, 3});
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 7, null)))
                .as("a broken output is redone, which needs the original")
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aFreshRunLooksForNoStoredOutput() throws IOException {
        put("runs/r1/raw/011.png", Files.readAllBytes(FIXTURES.resolve("gray_l.input.png")));
        ProcessResult first = processor.process(new ProcessRequest("r1", bucket, 11, null, false));
        s3().deleteObject(b -> b.bucket(bucket).key("runs/r1/raw/011.png"));

        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 11, null, true)))
                .as("fresh: transformed again, which needs the original")
                .isInstanceOf(ObjectNotFoundException.class);
        assertThat(processor.process(new ProcessRequest("r1", bucket, 11, null, null)).bytes()).isEqualTo(first.bytes());
    }

    @Test
    void corruptObjectIsAnInvalidImage() {
        put("runs/r1/raw/002.png", "not an image at all".getBytes());
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 2, "runs/r1/raw/002.png")))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("not a PNG");
        assertNoProcessedOutput();
    }

    @Test
    void headerOverThePixelCapIsRefusedBeforeDecoding() {
        put("runs/r1/raw/003.png", new PngBuilder().header(100_000, 100_000, 8, 6).imageData(new byte[]{0}).end());
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 3, "runs/r1/raw/003.png")))
                .isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("image too large");
        assertNoProcessedOutput();
    }

    @Test
    void objectOverTheByteCap() {
        put("runs/r1/raw/004.png", new byte[2_000_001]);
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 4, "runs/r1/raw/004.png")))
                .isInstanceOf(ImageTooLargeException.class);
    }

    @Test
    void anImageThatFitsTheMemoryBudgetOnlyStreamedIsTransformedExactly() throws IOException {
        byte[] png = Files.readAllBytes(FIXTURES.resolve("rgba_475.input.png"));
        ImageTransform sized = transformWithBudget(png, 0);
        assertThat(sized.plan(sized.decoder().readHeader(png), png.length, true).streaming()).isTrue();
        put("runs/r1/raw/008.png", png);

        new ImageProcessor(new ImageStore(s3()), sized, 2_000_000, Clock.systemUTC())
                .process(new ProcessRequest("r1", bucket, 8, null));

        byte[] stored = s3().getObjectAsBytes(b -> b.bucket(bucket).key("runs/r1/processed/008.png")).asByteArray();
        byte[] pillow = Files.readAllBytes(FIXTURES.resolve("rgba_475.08-down.png"));
        assertThat(new PngDecoder(1_000_000).decode(stored).pixels())
                .isEqualTo(new PngDecoder(1_000_000).decode(pillow).pixels());
        assertThat(sized.budget().used()).as("the reservation is given back").isZero();
    }

    @Test
    void anImageOneRowPastTheMemoryBudgetIsTooLargeBeforeDecoding() {
        byte[] largest = solid(300, 200);
        byte[] past = solid(300, 201);
        ImageTransform sized = transformWithBudget(largest, 0);
        put("runs/r1/raw/009.png", largest);
        put("runs/r1/raw/010.png", past);
        ImageProcessor limited = new ImageProcessor(new ImageStore(s3()), sized, 2_000_000, Clock.systemUTC());

        assertThat(limited.process(new ProcessRequest("r1", bucket, 9, null)).height()).isEqualTo(200);
        assertThatThrownBy(() -> limited.process(new ProcessRequest("r1", bucket, 10, null)))
                .isInstanceOf(ImageTooLargeException.class)
                .hasMessageContaining("image 300x201 needs an estimated")
                .hasMessageContaining("limit of " + String.format(java.util.Locale.ROOT, "%.1f",
                        sized.budget().limit() / (1024.0 * 1024)) + " MB");
        assertThat(s3().listObjectsV2(b -> b.bucket(bucket).prefix("runs/r1/processed/010")).contents()).isEmpty();
    }

    /** A transform whose budget is exactly what {@code png} needs, plus {@code extra} bytes. */
    private static ImageTransform transformWithBudget(byte[] png, long extra) {
        PngDecoder decoder = new PngDecoder(1_000_000);
        // A budget too small for the whole path plans the streamed one.
        ImageTransform probe = new ImageTransform(decoder, new PngEncoder(), RowBands.SEQUENTIAL, Kernels.best(),
                new MemoryBudget(1, "none"));
        long needed = probe.plan(decoder.readHeader(png), png.length, true).bytes();
        return new ImageTransform(decoder, new PngEncoder(), RowBands.SEQUENTIAL, Kernels.best(),
                new MemoryBudget(needed + extra, "a test's budget"));
    }

    private static byte[] solid(int width, int height) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = 40;
            px[i + 1] = 90;
            px[i + 2] = (byte) 160;
        }
        return new PngEncoder().encode(new RgbImage(width, height, px));
    }

    @Test
    void missingOriginal() {
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 5, "runs/r1/raw/005.png")))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("runs/r1/raw/005.png does not exist");
    }

    @Test
    void onlyReadsThisRunsRawKeyForTheId() {
        put("secrets/config.png", new byte[]{1});
        assertThatThrownBy(() -> processor.process(new ProcessRequest("r1", bucket, 6, "secrets/config.png")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("key must be runs/r1/raw/006.png");
    }

    private void put(String key, byte[] bytes) {
        s3().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private void assertNoProcessedOutput() {
        assertThat(s3().listObjectsV2(b -> b.bucket(bucket).prefix("runs/r1/processed/")).contents()).isEmpty();
    }
}
