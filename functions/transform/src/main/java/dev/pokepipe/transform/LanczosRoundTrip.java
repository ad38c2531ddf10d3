package dev.pokepipe.transform;

import java.util.function.Consumer;

/**
 * The transform's two Lanczos resizes, {@code w×h → 2w×2h → w×h}, with the same arithmetic and so
 * the same bytes as two {@link LanczosResize} calls, for the vector kernels. Two things make it faster:
 *
 * <ul>
 *   <li>The upscaled rows are kept split by phase, the even output pixels first and the odd ones after
 *   them. Away from the edges, every even output pixel has the same six taps at the same distance from
 *   its input pixel, and so has every odd one, so each phase is a weighted sum of the input row shifted
 *   by whole pixels: contiguous vectors, no transposing. The downscale's twelve taps fall alternately on
 *   even and odd input pixels, i.e. on the two halves of a split row, each again a whole-pixel shift.
 *   The vertical pass in between treats every byte column alike, so the layout does not matter to it.</li>
 *   <li>Each row of the vertical upscale is downscaled horizontally as soon as it is made, so the
 *   {@code 2w×2h} image never exists, unless a caller asks to see it.</li>
 * </ul>
 *
 * Pixels near the edges, where Pillow's taps are cut short or differ, are computed one at a time with
 * each output's own taps, exactly as {@link LanczosResize} does.
 */
public final class LanczosRoundTrip {

    private static final int BITS = LanczosResize.PRECISION_BITS;

    private LanczosRoundTrip() {
    }

    /**
     * Returns {@code image} resized to twice its size and back, each pass's rows split into {@code bands}:
     * fused where the vector kernels run, two {@link LanczosResize} calls where they do not.
     */
    public static RgbImage apply(RgbImage image, RowBands bands) {
        if (Kernels.best() == Kernels.VECTOR) {
            return apply(image, bands, null);
        }
        RgbImage up = LanczosResize.apply(image, 2 * image.width(), 2 * image.height(), bands, Kernels.SCALAR);
        return LanczosResize.apply(up, image.width(), image.height(), bands, Kernels.SCALAR);
    }

    /**
     * As {@link #apply(RgbImage, RowBands)} with the vector kernels, which must be there; if
     * {@code upscaled} is not null it is also given the {@code 2w×2h} image, as {@link LanczosResize}
     * would produce it.
     */
    static RgbImage apply(RgbImage image, RowBands bands, Consumer<RgbImage> upscaled) {
        int w = image.width();
        int h = image.height();
        LanczosResize.Coefficients upX = LanczosResize.Coefficients.of(w, 2 * w);
        LanczosResize.Coefficients upY = LanczosResize.Coefficients.of(h, 2 * h);
        LanczosResize.Coefficients downX = LanczosResize.Coefficients.of(2 * w, w);
        LanczosResize.Coefficients downY = LanczosResize.Coefficients.of(2 * h, h);
        Run[] upRuns = {Run.of(upX, 2, 0, 1, w), Run.of(upX, 2, 1, 1, w)};
        Run downRun = Run.of(downX, 1, 0, 2, w);

        byte[] src = image.pixels();
        int stride = w * 3;
        byte[] split = new byte[2 * stride * h];
        bands.forEach(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                for (int phase = 0; phase < 2; phase++) {
                    upRuns[phase].row(upX, src, y * stride, false, split, y * 2 * stride + phase * stride, true, w);
                }
            }
        });

        byte[] full = upscaled == null ? null : new byte[4 * stride * h];
        byte[] half = new byte[stride * 2 * h];
        bands.forEach(2 * h, (from, to) -> {
            byte[] row = new byte[2 * stride];
            for (int y = from; y < to; y++) {
                VectorKernels.weightedRow(split, upY.first(y) * 2 * stride, 2 * stride, upY.weights(), y * upY.stride(),
                        upY.count(y), BITS, row, 0);
                if (full != null) {
                    unsplit(row, w, full, y * 2 * stride);
                }
                downRun.row(downX, row, 0, true, half, y * stride, false, w);
            }
        });

        byte[] out = new byte[stride * h];
        bands.forEach(h, (from, to) -> {
            for (int y = from; y < to; y++) {
                VectorKernels.weightedRow(half, downY.first(y) * stride, stride, downY.weights(), y * downY.stride(),
                        downY.count(y), BITS, out, y * stride);
            }
        });
        if (upscaled != null) {
            upscaled.accept(new RgbImage(2 * w, 2 * h, full));
        }
        return new RgbImage(w, h, out);
    }

    /** A split row of {@code 2w} pixels (even ones, then odd ones) in the usual order. */
    private static void unsplit(byte[] row, int w, byte[] dst, int at) {
        for (int m = 0; m < w; m++) {
            for (int c = 0; c < 3; c++) {
                dst[at + 6 * m + c] = row[3 * m + c];
                dst[at + 6 * m + 3 + c] = row[3 * (w + m) + c];
            }
        }
    }

    /** Where pixel {@code p} of a row of {@code 2w} pixels is when the row is split by phase. */
    private static int splitIndex(int p, int w) {
        return (p & 1) == 0 ? p >> 1 : w + (p >> 1);
    }

    /**
     * One phase of a horizontal pass: the outputs {@code x = step·i + phase}, whose first input pixel is
     * {@code inStep·i + shift} with the same taps throughout {@code [from, to)}; outside it, each output
     * is computed with its own taps.
     */
    record Run(int step, int phase, int count, int from, int to, int[] weights, int[] offsets) {

        static Run of(LanczosResize.Coefficients k, int step, int phase, int inStep, int w) {
            int outputs = (k.outSize() - phase + step - 1) / step;
            int mid = outputs / 2;
            int x = step * mid + phase;
            int count = k.count(x);
            int shift = k.first(x) - inStep * mid;
            int[] weights = k.taps(x);
            int from = mid;
            while (from > 0 && same(k, step * (from - 1) + phase, inStep * (from - 1) + shift, weights)) {
                from--;
            }
            int to = mid;
            while (to < outputs && same(k, step * to + phase, inStep * to + shift, weights)) {
                to++;
            }
            int[] offsets = new int[count];
            for (int t = 0; t < count; t++) {
                // The input pixel of tap t, relative to output i, in the row's own layout: shifted in a
                // plain row; for a split one, even taps land on the first half, odd ones on the second.
                int d = shift + t;
                offsets[t] = 3 * (inStep == 1 ? d : Math.floorDiv(d, 2) + (d & 1) * w);
            }
            return new Run(step, phase, count, from, to, weights, offsets);
        }

        private static boolean same(LanczosResize.Coefficients k, int x, int first, int[] weights) {
            return k.first(x) == first && java.util.Arrays.equals(k.taps(x), weights);
        }

        /**
         * This phase of one row: from {@code src} at {@code in} (split by phase if {@code splitIn}) to
         * {@code dst} at {@code out}, output {@code i} at pixel {@code i} of {@code dst} when
         * {@code compactOut} (the phase's own half of a split row), else at pixel {@code x}.
         */
        void row(LanczosResize.Coefficients k, byte[] src, int in, boolean splitIn, byte[] dst, int out,
                 boolean compactOut, int w) {
            int outputs = (k.outSize() - phase + step - 1) / step;
            if (from < to) {
                VectorKernels.shiftedTaps(src, in, offsets, weights, count, BITS, dst, out, 3 * from, 3 * to);
            }
            for (int i = 0; i < outputs; i++) {
                if (i == from && from < to) {
                    i = to - 1;
                    continue;
                }
                int x = step * i + phase;
                int o = out + 3 * (compactOut ? i : x);
                int taps = k.count(x);
                int kBase = x * k.stride();
                int first = k.first(x);
                int[] wt = k.weights();
                for (int c = 0; c < 3; c++) {
                    int acc = 1 << (BITS - 1);
                    for (int t = 0; t < taps; t++) {
                        int p = first + t;
                        acc += wt[kBase + t] * (src[in + 3 * (splitIn ? splitIndex(p, w) : p) + c] & 0xff);
                    }
                    int v = acc >> BITS;
                    dst[o + c] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                }
            }
        }
    }
}
