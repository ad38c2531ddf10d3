package dev.pokepipe.transform;

/**
 * The transform's two Lanczos resizes, {@code w×h → 2w×2h → w×h}, as streaming stages: each row is
 * resized horizontally as it comes, and each vertical pass emits output row {@code y} as soon as the
 * last of its taps' rows is in, from a ring as deep as the most taps any output has. With the vector
 * kernels the upscaled rows are split by phase as in {@link LanczosRoundTrip}, with the plain loops
 * they are in order as in {@link LanczosResize}; the vertical pass treats every byte column alike, so
 * either way the bytes are the whole-image resizes'.
 */
final class LanczosRows {

    private static final int BITS = LanczosResize.PRECISION_BITS;

    private LanczosRows() {
    }

    /** A sink that takes rows of {@code w × h} and passes the round trip's rows, in order, to {@code next}. */
    static RowSink of(int w, int h, Kernels kernels, RowSink next) {
        LanczosResize.Coefficients upX = LanczosResize.Coefficients.of(w, 2 * w);
        LanczosResize.Coefficients upY = LanczosResize.Coefficients.of(h, 2 * h);
        LanczosResize.Coefficients downX = LanczosResize.Coefficients.of(2 * w, w);
        LanczosResize.Coefficients downY = LanczosResize.Coefficients.of(2 * h, h);
        int stride = w * 3;
        RowSink down = new Column(downY, stride, kernels, next);
        RowSink downRow;
        RowSink upRow;
        byte[] half = new byte[stride];
        byte[] wide = new byte[2 * stride];
        if (kernels == Kernels.VECTOR) {
            LanczosRoundTrip.Run[] upRuns = {LanczosRoundTrip.Run.of(upX, 2, 0, 1, w),
                    LanczosRoundTrip.Run.of(upX, 2, 1, 1, w)};
            LanczosRoundTrip.Run downRun = LanczosRoundTrip.Run.of(downX, 1, 0, 2, w);
            downRow = row -> {
                downRun.row(downX, row, 0, true, half, 0, false, w);
                down.accept(half);
            };
            RowSink up = new Column(upY, 2 * stride, kernels, downRow);
            upRow = row -> {
                for (int phase = 0; phase < 2; phase++) {
                    upRuns[phase].row(upX, row, 0, false, wide, phase * stride, true, w);
                }
                up.accept(wide);
            };
        } else {
            RgbImage wideIn = new RgbImage(2 * w, 1, new byte[2 * stride]);
            downRow = row -> {
                System.arraycopy(row, 0, wideIn.pixels(), 0, 2 * stride);
                LanczosResize.horizontal(wideIn, downX, half, 0, 1);
                down.accept(half);
            };
            RowSink up = new Column(upY, 2 * stride, kernels, downRow);
            RgbImage in = new RgbImage(w, 1, new byte[stride]);
            upRow = row -> {
                System.arraycopy(row, 0, in.pixels(), 0, stride);
                LanczosResize.horizontal(in, upX, wide, 0, 1);
                up.accept(wide);
            };
        }
        return upRow;
    }

    /** The bytes the stages of {@link #of} hold for rows of {@code w} pixels, at most. */
    static long bytes(int w, int h) {
        long stride = 3L * w;
        long coefficients = 4L * (2L * w * 7 + 2L * h * 7 + w * 13L + h * 13L + 4L * (3L * w + 3L * h));
        long rings = RowRing.bytes((int) (2 * stride), 7) + RowRing.bytes((int) (2 * stride), 13);
        return coefficients + rings + 8 * stride;
    }

    /**
     * One vertical pass: output row {@code y} once input row {@code first(y) + count(y) − 1} is in. The
     * taps' rows only move down as {@code y} grows, so a ring of the most taps holds every window.
     */
    private static final class Column implements RowSink {
        private final LanczosResize.Coefficients k;
        private final int stride;
        private final Kernels kernels;
        private final RowSink next;
        private final RowRing ring;
        private final byte[] out;
        private int received;
        private int emitted;

        Column(LanczosResize.Coefficients k, int stride, Kernels kernels, RowSink next) {
            this.k = k;
            this.stride = stride;
            this.kernels = kernels;
            this.next = next;
            int most = 1;
            for (int y = 0; y < k.outSize(); y++) {
                most = Math.max(most, k.count(y));
            }
            this.ring = new RowRing(stride, most);
            this.out = new byte[stride];
        }

        @Override
        public void accept(byte[] row) {
            ring.put(received++, row);
            while (emitted < k.outSize() && k.first(emitted) + k.count(emitted) <= received) {
                emit(emitted++);
            }
        }

        private void emit(int y) {
            int first = ring.at(k.first(y));
            int taps = k.count(y);
            int kBase = y * k.stride();
            if (kernels == Kernels.VECTOR) {
                VectorKernels.weightedRow(ring.data(), first, stride, k.weights(), kBase, taps, BITS, out, 0);
            } else {
                byte[] src = ring.data();
                int[] weights = k.weights();
                int half = 1 << (BITS - 1);
                for (int i = 0; i < stride; i++) {
                    int acc = half;
                    for (int t = 0, row = first + i; t < taps; t++, row += stride) {
                        acc += weights[kBase + t] * (src[row] & 0xff);
                    }
                    int v = acc >> BITS;
                    out[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                }
            }
            next.accept(out);
        }
    }
}
