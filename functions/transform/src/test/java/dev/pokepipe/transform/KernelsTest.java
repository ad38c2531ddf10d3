package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    @Test
    void bandsSplitTheVectorPassesWithoutChangingThem() {
        assumeVectors();
        RgbImage noise = noise(101, 77, 5);
        try (RowBands three = RowBands.of(3)) {
            assertThat(GaussianBlur.ofRadius(5).apply(noise, three, Kernels.VECTOR).pixels())
                    .isEqualTo(GaussianBlur.ofRadius(5).apply(noise, RowBands.SEQUENTIAL, Kernels.SCALAR).pixels());
            assertThat(LanczosResize.apply(noise, 202, 154, three, Kernels.VECTOR).pixels())
                    .isEqualTo(LanczosResize.apply(noise, 202, 154, RowBands.SEQUENTIAL, Kernels.SCALAR).pixels());
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
