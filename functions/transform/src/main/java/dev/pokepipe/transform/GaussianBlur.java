package dev.pokepipe.transform;

/**
 * Pillow's {@code ImageFilter.GaussianBlur(radius)}: three extended box blurs along every row, then
 * three along every column, each pass rounded back to 8 bits (transform-spec §2).
 */
public final class GaussianBlur {

    static final int PASSES = 3;
    static final int HALF_INT = 1 << 23;

    private final int boxRadius;
    private final long innerWeight;
    private final long edgeWeight;

    private GaussianBlur(int boxRadius, long innerWeight, long edgeWeight) {
        this.boxRadius = boxRadius;
        this.innerWeight = innerWeight;
        this.edgeWeight = edgeWeight;
    }

    /**
     * The blur for standard deviation {@code radius}, with the box parameters derived in float32
     * in exactly Pillow's order of operations (spec §2.1–2.2).
     */
    public static GaussianBlur ofRadius(float radius) {
        float sigma2 = radius * radius / PASSES;
        float bigL = (float) Math.sqrt(12.0 * sigma2 + 1.0);
        float l = (float) Math.floor((bigL - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        float rho = l + a;
        int r = (int) rho;
        long w = (long) ((float) (1 << 24) / (rho * 2 + 1));
        long e = ((1L << 24) - (2L * r + 1) * w) / 2;
        return new GaussianBlur(r, w, e);
    }

    /** Whole taps on each side of the centre (R in the spec). */
    public int boxRadius() {
        return boxRadius;
    }

    /** 0.24 fixed-point weight of each whole tap (W in the spec). */
    public long innerWeight() {
        return innerWeight;
    }

    /** 0.24 fixed-point weight of the two partly covered taps (E in the spec). */
    public long edgeWeight() {
        return edgeWeight;
    }

    /** Returns the blurred image; {@code image} is left unchanged. */
    public RgbImage apply(RgbImage image) {
        return apply(image, RowBands.SEQUENTIAL);
    }

    /** As {@link #apply(RgbImage)}, rows (then columns) split into {@code bands}. */
    public RgbImage apply(RgbImage image, RowBands bands) {
        return apply(image, bands, Kernels.best());
    }

    /** As {@link #apply(RgbImage, RowBands)}, the passes computed by {@code kernels}. */
    RgbImage apply(RgbImage image, RowBands bands, Kernels kernels) {
        int w = image.width();
        int h = image.height();
        if (kernels == Kernels.VECTOR) {
            // The passes along the rows run down the columns of the image turned on its side, which
            // the vectors do a row of columns at a time; then it is turned back for the column passes.
            byte[] a = new byte[image.pixels().length];
            byte[] b = new byte[a.length];
            PixelTranspose.apply(image.pixels(), w, h, a, bands);
            byte[] along = verticalPasses(a, b, h * 3, w, bands, kernels);
            byte[] other = along == a ? b : a;
            PixelTranspose.apply(along, h, w, other, bands);
            return new RgbImage(w, h, verticalPasses(other, along, w * 3, h, bands, kernels));
        }
        byte[] a = image.pixels().clone();
        byte[] b = new byte[a.length];
        bands.forEach(h, (from, to) -> horizontal(a, w, from, to));
        return new RgbImage(w, h, verticalPasses(a, b, w * 3, h, bands, kernels));
    }

    /**
     * The three passes down the columns of the {@code stride}-byte rows, from {@code a} through {@code b}
     * and back; returns the array that holds the result, one of the two.
     */
    private byte[] verticalPasses(byte[] a, byte[] b, int stride, int h, RowBands bands, Kernels kernels) {
        int[] acc = new int[stride];
        for (int pass = 0; pass < PASSES; pass++) {
            byte[] src = pass % 2 == 0 ? a : b;
            byte[] dst = pass % 2 == 0 ? b : a;
            bands.forEach(stride, (from, to) -> vertical(src, dst, stride, h, acc, from, to, kernels));
        }
        return PASSES % 2 == 0 ? a : b;
    }

    /**
     * The three passes along every row, in place, channel by channel. The sums need 32 unsigned
     * bits (at most 255·2^24 + 2^23), so int arithmetic with an unsigned shift gives the exact result.
     */
    private void horizontal(byte[] px, int w, int fromRow, int toRow) {
        int[] a = new int[lineBuffer(w)];
        int[] b = new int[a.length];
        for (int y = fromRow; y < toRow; y++) {
            horizontalRow(px, y * w * 3, w, a, b);
        }
    }

    /** The length of each of the two buffers {@link #horizontalRow} needs for rows of {@code w} pixels. */
    int lineBuffer(int w) {
        return w + 2 * (boxRadius + 1);
    }

    /** The three passes along the row of {@code w} pixels at {@code row}, in place, with two scratch buffers. */
    void horizontalRow(byte[] px, int row, int w, int[] a, int[] b) {
        int r = boxRadius;
        int pad = r + 1;
        int ww = (int) innerWeight;
        int ew = (int) edgeWeight;
        for (int c = 0; c < 3; c++) {
            for (int x = 0, i = row + c; x < w; x++, i += 3) {
                a[pad + x] = px[i] & 0xff;
            }
            int[] in = a;
            int[] out = b;
            for (int pass = 0; pass < PASSES; pass++) {
                // Edge pixels replicated pad times on each side: no clamping in the loop below.
                int first = in[pad];
                int last = in[pad + w - 1];
                for (int i = 0; i < pad; i++) {
                    in[i] = first;
                    in[pad + w + i] = last;
                }
                int acc = 0;
                for (int i = pad - r; i <= pad + r; i++) {
                    acc += in[i];
                }
                for (int x = pad; x < pad + w; x++) {
                    out[x] = (acc * ww + (in[x - r - 1] + in[x + r + 1]) * ew + HALF_INT) >>> 24;
                    acc += in[x + r + 1] - in[x - r];
                }
                int[] t = in;
                in = out;
                out = t;
            }
            for (int x = 0, i = row + c; x < w; x++, i += 3) {
                px[i] = (byte) in[pad + x];
            }
        }
    }

    /**
     * One pass along the columns {@code [from, to)} of the row bytes, from {@code src} into {@code dst},
     * a row of sums at a time.
     */
    private void vertical(byte[] src, byte[] dst, int stride, int h, int[] acc, int from, int to, Kernels kernels) {
        int r = boxRadius;
        int ww = (int) innerWeight;
        int ew = (int) edgeWeight;
        java.util.Arrays.fill(acc, from, to, 0);
        for (int k = -r; k <= r; k++) {
            int row = clamp(k, h - 1) * stride;
            for (int i = from; i < to; i++) {
                acc[i] += src[row + i] & 0xff;
            }
        }
        for (int y = 0; y < h; y++) {
            int leaving = clamp(y - r - 1, h - 1) * stride;
            int entering = clamp(y + r + 1, h - 1) * stride;
            int dropped = clamp(y - r, h - 1) * stride;
            int out = y * stride;
            if (kernels == Kernels.VECTOR) {
                VectorKernels.boxRow(src, dst, acc, leaving, entering, dropped, out, from, to, ww, ew, HALF_INT);
            } else {
                for (int i = from; i < to; i++) {
                    int in = src[entering + i] & 0xff;
                    dst[out + i] = (byte) ((acc[i] * ww + ((src[leaving + i] & 0xff) + in) * ew + HALF_INT) >>> 24);
                    acc[i] += in - (src[dropped + i] & 0xff);
                }
            }
        }
    }

    private static int clamp(int i, int last) {
        return i < 0 ? 0 : Math.min(i, last);
    }
}
