package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The Vector API column passes against the plain loops, byte for byte, on noise (which reaches the
 * clamps at 0 and 255 that smooth artwork rarely does) and on sizes whose rows end mid-vector.
 */
class KernelsTest {

    @Test
    void theBuildRunsItsTestsWithTheVectorModule() {
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector"))
                .as("the surefire argLine adds jdk.incubator.vector, as ./pokepipe and the process function do")
                .isPresent();
    }

    @Test
    void theBestKernelsAreTheVectorsWhereTheyCanRunUnderC2() {
        // The build's test JVMs run with the JVM's default tiering, so C2 is on.
        assertThat(Kernels.best()).isEqualTo(Kernels.vectorAvailable() ? Kernels.VECTOR : Kernels.SCALAR);
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "2, 3", "5, 7", "17, 9", "31, 40", "64, 64", "475, 475"})
    void bothBlursGiveTheSameBytes(int width, int height) {
        assumeVectors();
        RgbImage noise = noise(width, height, width * 31L + height);
        for (GaussianBlur blur : new GaussianBlur[]{GaussianBlur.ofRadius(10), GaussianBlur.ofRadius(5)}) {
            RgbImage scalar = blur.apply(noise, RowBands.SEQUENTIAL, Kernels.SCALAR);
            RgbImage vector = blur.apply(noise, RowBands.SEQUENTIAL, Kernels.VECTOR);
            assertThat(vector.pixels()).isEqualTo(scalar.pixels());
        }
    }

    @ParameterizedTest(name = "{0}x{1} to {2}x{3}")
    @CsvSource({"1, 1, 2, 2", "3, 2, 6, 4", "7, 5, 14, 10", "14, 10, 7, 5", "40, 33, 80, 66", "80, 66, 40, 33",
            "475, 475, 950, 950", "950, 950, 475, 475", "50, 20, 30, 70"})
    void bothResizesGiveTheSameBytes(int width, int height, int toWidth, int toHeight) {
        assumeVectors();
        RgbImage noise = noise(width, height, width * 17L + toHeight);
        RgbImage scalar = LanczosResize.apply(noise, toWidth, toHeight, RowBands.SEQUENTIAL, Kernels.SCALAR);
        RgbImage vector = LanczosResize.apply(noise, toWidth, toHeight, RowBands.SEQUENTIAL, Kernels.VECTOR);
        assertThat(vector.pixels()).isEqualTo(scalar.pixels());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "1, 5", "2, 3", "3, 1", "5, 7", "6, 6", "7, 12", "17, 9", "31, 40", "64, 3", "475, 475"})
    void theFusedRoundTripGivesBothResizesBytes(int width, int height) {
        assumeVectors();
        RgbImage noise = noise(width, height, width * 13L + height);
        RgbImage up = LanczosResize.apply(noise, 2 * width, 2 * height, RowBands.SEQUENTIAL, Kernels.SCALAR);
        RgbImage down = LanczosResize.apply(up, width, height, RowBands.SEQUENTIAL, Kernels.SCALAR);
        RgbImage[] seen = new RgbImage[1];

        RgbImage fused = LanczosRoundTrip.apply(noise, RowBands.SEQUENTIAL, image -> seen[0] = image);

        assertThat(fused.pixels()).isEqualTo(down.pixels());
        assertThat(seen[0].pixels()).isEqualTo(up.pixels());
        assertThat(LanczosRoundTrip.apply(noise, RowBands.SEQUENTIAL, null).pixels()).isEqualTo(down.pixels());
    }

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "2, 5", "3, 3", "4, 4", "5, 2", "8, 3", "17, 9", "31, 40", "475, 475"})
    void theFusedContrastEdgeAndInvertGiveTheThreeStepsBytes(int width, int height) {
        RgbImage noise = noise(width, height, width * 7L + height);
        RgbImage contrasted = Contrast.apply(noise);
        RgbImage edges = EdgeEnhanceMore.apply(contrasted);
        RgbImage inverted = Invert.apply(edges);
        List<Kernels> kernels = Kernels.vectorAvailable() ? List.of(Kernels.SCALAR, Kernels.VECTOR)
                : List.of(Kernels.SCALAR);
        for (Kernels k : kernels) {
            RgbImage[] seen = new RgbImage[2];
            try (RowBands three = RowBands.of(3)) {
                for (RowBands bands : List.of(RowBands.SEQUENTIAL, three)) {
                    RgbImage fused = ContrastEdgeInvert.apply(noise, bands, k, new ContrastEdgeInvert.Steps() {
                        @Override
                        public void contrasted(RgbImage image) {
                            seen[0] = image;
                        }

                        @Override
                        public void edgeEnhanced(RgbImage image) {
                            seen[1] = image;
                        }
                    });
                    assertThat(fused.pixels()).as("%s, %d band(s)", k, bands.bands()).isEqualTo(inverted.pixels());
                    assertThat(seen[0].pixels()).isEqualTo(contrasted.pixels());
                    assertThat(seen[1].pixels()).isEqualTo(edges.pixels());
                    assertThat(ContrastEdgeInvert.apply(noise, bands, k, null).pixels()).isEqualTo(inverted.pixels());
                }
            }
        }
    }

    @Test
    void bandsSplitTheVectorPassesWithoutChangingThem() {
        assumeVectors();
        RgbImage noise = noise(101, 77, 5);
        try (RowBands three = RowBands.of(3)) {
            assertThat(GaussianBlur.ofRadius(5).apply(noise, three, Kernels.VECTOR).pixels())
                    .isEqualTo(GaussianBlur.ofRadius(5).apply(noise, RowBands.SEQUENTIAL, Kernels.SCALAR).pixels());
            assertThat(LanczosResize.apply(noise, 202, 154, three, Kernels.VECTOR).pixels())
                    .isEqualTo(LanczosResize.apply(noise, 202, 154, RowBands.SEQUENTIAL, Kernels.SCALAR).pixels());
            assertThat(LanczosRoundTrip.apply(noise, three, null).pixels())
                    .isEqualTo(LanczosRoundTrip.apply(noise, RowBands.SEQUENTIAL, null).pixels());
        }
    }

    private static void assumeVectors() {
        assumeThat(Kernels.vectorAvailable()).as("this CPU has vectors of 256 bits or more").isTrue();
    }

    private static RgbImage noise(int width, int height, long seed) {
        byte[] pixels = new byte[width * height * 3];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < pixels.length; i++) {
            // Half the bytes at the extremes, so the Lanczos lobes overshoot both clamps.
            int r = random.nextInt(4);
            pixels[i] = (byte) (r == 0 ? 0 : r == 1 ? 255 : random.nextInt(256));
        }
        return new RgbImage(width, height, pixels);
    }
}
