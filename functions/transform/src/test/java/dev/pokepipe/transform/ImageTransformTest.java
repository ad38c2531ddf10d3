package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transform's choice of path from the header and the budget, and both entry points on both paths. */
class ImageTransformTest {

    private static final PngDecoder DECODER = new PngDecoder(100_000_000L);

    @Test
    void anArtworkRunsWholeUnderTheLaunchersHeapAndALargePhotoStreams() {
        ImageTransform launcher = transform(new MemoryBudget((128L - 16) << 20, "128 MB"));

        assertThat(launcher.plan(new PngHeader(475, 475, 8, 6, false), 100_000, true).streaming()).isFalse();
        ImageTransform.Plan photo = launcher.plan(new PngHeader(4000, 3000, 8, 2, false), 200_000, false);
        assertThat(photo.streaming()).isTrue();
        assertThat(photo.bytes()).as("rows, not planes").isLessThan(16L << 20);
        assertThat(launcher.plan(new PngHeader(4000, 3000, 8, 2, true), 200_000, false).bytes())
                .as("Adam7 is decoded into one plane first").isGreaterThan(36_000_000L);
    }

    @Test
    void bothEntryPointsGiveTheSameBytesOnBothPaths() {
        byte[] png = new PngEncoder(1).encode(StreamingTransformTest.noise(90, 70, 7));
        RgbImage expected = transform(new MemoryBudget(1L << 40, "big")).apply(DECODER.decode(png),
                ImageTransform.StepObserver.NONE);
        long streamedNeeds = transform(new MemoryBudget(1, "none")).plan(DECODER.readHeader(png), png.length, true)
                .bytes();

        for (MemoryBudget budget : new MemoryBudget[]{new MemoryBudget(1L << 40, "big"),
                new MemoryBudget(streamedNeeds, "just enough")}) {
            ImageTransform transform = transform(budget);
            ImageTransform.Result held = transform.transform(png);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageTransform.Written written = transform.transform(png, out);

            assertThat(DECODER.decode(held.png()).pixels()).isEqualTo(expected.pixels());
            assertThat(DECODER.decode(out.toByteArray()).pixels()).isEqualTo(expected.pixels());
            assertThat(written.bytes()).isEqualTo(out.size());
            assertThat(written.width()).isEqualTo(90);
            assertThat(held.height()).isEqualTo(70);
            assertThat(budget.used()).isZero();
        }
    }

    @Test
    void anImageThatCanNeverFitFailsBeforeDecodingAndLeavesTheBudgetFree() {
        MemoryBudget budget = new MemoryBudget(2L << 20, "a small heap");
        byte[] png = new PngEncoder(1).encode(RgbImage.blank(3000, 2000));

        assertThatThrownBy(() -> transform(budget).transform(png))
                .isInstanceOf(ImageTooLargeForMemoryException.class)
                .hasMessageStartingWith("image 3000x2000 needs an estimated ")
                .hasMessageContaining("more than the limit of 2.0 MB (a small heap)");
        assertThat(budget.used()).isZero();
    }

    private static ImageTransform transform(MemoryBudget budget) {
        return new ImageTransform(DECODER, new PngEncoder(), RowBands.SEQUENTIAL, Kernels.best(), budget);
    }
}
