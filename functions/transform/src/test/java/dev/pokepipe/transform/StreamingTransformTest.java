package dev.pokepipe.transform;

import dev.pokepipe.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streamed transform against the whole-image one, byte for byte, with both kernels: noise (which
 * reaches every clamp) and smooth gradients, on lines, sizes smaller than the blurs' and the resizes'
 * windows, odd sizes and a few hundred pixels; and Pillow's fixtures, every colour type and Adam7.
 */
class StreamingTransformTest {

    private static final PngDecoder DECODER = new PngDecoder(100_000_000L);
    private static final ImageTransform WHOLE = new ImageTransform(DECODER, new PngEncoder(), RowBands.SEQUENTIAL,
            Kernels.SCALAR);

    static Stream<Kernels> kernels() {
        return Kernels.vectorAvailable() ? Stream.of(Kernels.SCALAR, Kernels.VECTOR) : Stream.of(Kernels.SCALAR);
    }

    static Stream<Arguments> shapes() {
        int[][] sizes = {{1, 1}, {1, 9}, {9, 1}, {1, 60}, {60, 1}, {2, 2}, {2, 5}, {3, 3}, {3, 17}, {17, 3}, {5, 40},
                {6, 6}, {7, 12}, {12, 7}, {20, 21}, {23, 22}, {31, 29}, {64, 3}, {101, 67}, {203, 150}, {300, 311}};
        return kernels().flatMap(k -> Stream.of(sizes).flatMap(s -> Stream.of(
                Arguments.of(s[0], s[1], true, k), Arguments.of(s[0], s[1], false, k))));
    }

    @ParameterizedTest(name = "{0}x{1}, noise {2}, {3}")
    @MethodSource("shapes")
    void streamingGivesTheWholeImagePathsBytes(int width, int height, boolean noise, Kernels kernels) {
        RgbImage input = noise ? noise(width, height, width * 1009L + height) : gradient(width, height);
        byte[] png = new PngEncoder(1).encode(input);

        RgbImage expected = WHOLE.apply(DECODER.decode(png), ImageTransform.StepObserver.NONE);

        assertThat(streamed(png, kernels).pixels()).isEqualTo(expected.pixels());
    }

    static Stream<Arguments> fixtures() {
        return kernels().flatMap(k -> PillowFixturesTest.inputs().map(name -> Arguments.of(name, k)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("fixtures")
    void streamingGivesPillowsPixelsOnEveryFixture(String name, Kernels kernels) throws IOException {
        Path dir = Fixtures.transformDir();
        byte[] png = Files.readAllBytes(dir.resolve(name + ".input.png"));
        RgbImage pillow = PillowFixturesTest.readWithImageIo(dir.resolve(name + ".08-down.png"));

        assertThat(streamed(png, kernels).pixels()).isEqualTo(pillow.pixels());
    }

    private static RgbImage streamed(byte[] png, Kernels kernels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long written = StreamingTransform.transform(DECODER, png, DECODER.readHeader(png), kernels, 1, out);
        assertThat(written).isEqualTo(out.size());
        return DECODER.decode(out.toByteArray());
    }

    static RgbImage noise(int w, int h, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) random.nextInt(256);
        }
        return new RgbImage(w, h, px);
    }

    static RgbImage gradient(int w, int h) {
        byte[] px = new byte[w * h * 3];
        for (int y = 0, i = 0; y < h; y++) {
            for (int x = 0; x < w; x++, i += 3) {
                px[i] = (byte) (255 * x / Math.max(1, w - 1));
                px[i + 1] = (byte) (255 * y / Math.max(1, h - 1));
                px[i + 2] = (byte) ((x * 7 + y * 3) % 256);
            }
        }
        return new RgbImage(w, h, px);
    }
}
