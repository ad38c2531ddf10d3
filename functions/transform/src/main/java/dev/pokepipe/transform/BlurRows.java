package dev.pokepipe.transform;

/**
 * {@link GaussianBlur} as streaming stages: the three passes along each row as it comes, then each of
 * the three passes down the columns as its own stage with a ring of the {@code 2R + 3} rows its window
 * reaches. Every output byte is the same integer expression of the same clamped rows as in the whole
 * image, so the bytes are the same.
 */
final class BlurRows {

    private BlurRows() {
    }

    /** A sink that blurs rows of {@code w × h} and passes the blurred rows, in order, to {@code next}. */
    static RowSink of(GaussianBlur blur, int w, int h, Kernels kernels, RowSink next) {
        int stride = w * 3;
        RowSink columns = next;
        for (int pass = 0; pass < GaussianBlur.PASSES; pass++) {
            columns = new Column(blur, stride, h, kernels, columns);
        }
        return new Row(blur, w, columns);
    }

    /** The bytes the stages of {@link #of} hold for rows of {@code w} pixels. */
    static long bytes(GaussianBlur blur, int w) {
        int stride = w * 3;
        long row = 2L * 4 * blur.lineBuffer(w) + stride;
        long column = RowRing.bytes(stride, 2 * blur.boxRadius() + 3) + 4L * stride + stride;
        return row + GaussianBlur.PASSES * column;
    }

    /** The passes along one row, on a copy. */
    private static final class Row implements RowSink {
        private final GaussianBlur blur;
        private final int w;
        private final RowSink next;
        private final int[] a;
        private final int[] b;
        private final byte[] row;

        Row(GaussianBlur blur, int w, RowSink next) {
            this.blur = blur;
            this.w = w;
            this.next = next;
            this.a = new int[blur.lineBuffer(w)];
            this.b = new int[a.length];
            this.row = new byte[w * 3];
        }

        @Override
        public void accept(byte[] in) {
            System.arraycopy(in, 0, row, 0, row.length);
            blur.horizontalRow(row, 0, w, a, b);
            next.accept(row);
        }
    }

    /**
     * One pass down the columns: output row {@code y} as soon as row {@code y + R + 1} (or the last row)
     * is in, with the running column sums the whole-image pass keeps.
     */
    private static final class Column implements RowSink {
        private final int stride;
        private final int h;
        private final int r;
        private final int ww;
        private final int ew;
        private final Kernels kernels;
        private final RowSink next;
        private final RowRing ring;
        private final int[] sums;
        private final byte[] out;
        private int received;
        private int emitted;

        Column(GaussianBlur blur, int stride, int h, Kernels kernels, RowSink next) {
            this.stride = stride;
            this.h = h;
            this.r = blur.boxRadius();
            this.ww = (int) blur.innerWeight();
            this.ew = (int) blur.edgeWeight();
            this.kernels = kernels;
            this.next = next;
            this.ring = new RowRing(stride, 2 * r + 3);
            this.sums = new int[stride];
            this.out = new byte[stride];
        }

        @Override
        public void accept(byte[] row) {
            ring.put(received++, row);
            while (emitted < h && Math.min(emitted + r + 1, h - 1) < received) {
                emit(emitted++);
            }
        }

        private void emit(int y) {
            byte[] src = ring.data();
            if (y == 0) {
                for (int k = -r; k <= r; k++) {
                    int at = ring.at(clamp(k));
                    for (int i = 0; i < stride; i++) {
                        sums[i] += src[at + i] & 0xff;
                    }
                }
            }
            int leaving = ring.at(clamp(y - r - 1));
            int entering = ring.at(clamp(y + r + 1));
            int dropped = ring.at(clamp(y - r));
            if (kernels == Kernels.VECTOR) {
                VectorKernels.boxRow(src, out, sums, leaving, entering, dropped, 0, 0, stride, ww, ew,
                        GaussianBlur.HALF_INT);
            } else {
                for (int i = 0; i < stride; i++) {
                    int in = src[entering + i] & 0xff;
                    out[i] = (byte) ((sums[i] * ww + ((src[leaving + i] & 0xff) + in) * ew + GaussianBlur.HALF_INT)
                            >>> 24);
                    sums[i] += in - (src[dropped + i] & 0xff);
                }
            }
            next.accept(out);
        }

        private int clamp(int y) {
            return y < 0 ? 0 : Math.min(y, h - 1);
        }
    }
}
