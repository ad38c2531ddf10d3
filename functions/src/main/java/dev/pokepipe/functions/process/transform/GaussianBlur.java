package dev.pokepipe.functions.process.transform;

/**
 * Pillow's {@code ImageFilter.GaussianBlur(radius)}: three extended box blurs along every row, then
 * three along every column, each pass rounded back to 8 bits (transform-spec §2).
 */
public final class GaussianBlur {

    private static final int PASSES = 3;
    private static final long HALF = 1L << 23;

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
        int w = image.width();
        int h = image.height();
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        int longest = Math.max(w, h);
        int[] a = new int[longest];
        int[] b = new int[longest];
        for (int y = 0; y < h; y++) {
            int rowStart = y * w * 3;
            for (int c = 0; c < 3; c++) {
                for (int x = 0, i = rowStart + c; x < w; x++, i += 3) {
                    a[x] = src[i] & 0xff;
                }
                int[] result = threePasses(a, b, w);
                for (int x = 0, i = rowStart + c; x < w; x++, i += 3) {
                    dst[i] = (byte) result[x];
                }
            }
        }
        int rowStride = w * 3;
        for (int x = 0; x < w; x++) {
            for (int c = 0; c < 3; c++) {
                int column = x * 3 + c;
                for (int y = 0, i = column; y < h; y++, i += rowStride) {
                    a[y] = dst[i] & 0xff;
                }
                int[] result = threePasses(a, b, h);
                for (int y = 0, i = column; y < h; y++, i += rowStride) {
                    dst[i] = (byte) result[y];
                }
            }
        }
        return new RgbImage(w, h, dst);
    }

    /** Runs the three passes a→b→a→b and returns the array holding the result. */
    private int[] threePasses(int[] a, int[] b, int n) {
        pass(a, b, n);
        pass(b, a, n);
        pass(a, b, n);
        return b;
    }

    private void pass(int[] in, int[] out, int n) {
        int last = n - 1;
        int r = boxRadius;
        long acc = 0;
        for (int i = -r; i <= r; i++) {
            acc += in[clamp(i, last)];
        }
        for (int x = 0; x < n; x++) {
            int leaving = in[clamp(x - r - 1, last)];
            int entering = in[clamp(x + r + 1, last)];
            out[x] = (int) ((acc * innerWeight + (leaving + entering) * edgeWeight + HALF) >> 24);
            acc += entering - in[clamp(x - r, last)];
        }
    }

    private static int clamp(int i, int last) {
        return i < 0 ? 0 : Math.min(i, last);
    }
}
