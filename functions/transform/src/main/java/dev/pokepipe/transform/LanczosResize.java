package dev.pokepipe.transform;

/**
 * Pillow's {@code resize(size, Image.LANCZOS)} for 8-bit RGB: separable Lanczos-3 convolution with
 * 22-bit fixed-point weights, the horizontal pass first and rounded to 8 bits before the vertical
 * one (transform-spec §7).
 */
public final class LanczosResize {

    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 3.0;

    private LanczosResize() {
    }

    /** Returns {@code image} resampled to {@code width × height}. */
    public static RgbImage apply(RgbImage image, int width, int height) {
        return apply(image, width, height, RowBands.SEQUENTIAL);
    }

    /** As {@link #apply(RgbImage, int, int)}, each pass's rows split into {@code bands}. */
    public static RgbImage apply(RgbImage image, int width, int height, RowBands bands) {
        return apply(image, width, height, bands, Kernels.best());
    }

    /** As {@link #apply(RgbImage, int, int, RowBands)}, both passes computed by {@code kernels}. */
    static RgbImage apply(RgbImage image, int width, int height, RowBands bands, Kernels kernels) {
        RgbImage out = image;
        if (width != image.width()) {
            RgbImage in = out;
            Coefficients k = Coefficients.of(image.width(), width);
            byte[] dst = new byte[width * in.height() * 3];
            bands.forEach(in.height(), (from, to) -> {
                if (kernels == Kernels.VECTOR) {
                    VectorKernels.horizontalRows(in.pixels(), in.width() * 3, dst, width, k.firsts(), k.counts(),
                            k.weights(), k.stride(), PRECISION_BITS, from, to, (f, t) -> horizontal(in, k, dst, f, t));
                } else {
                    horizontal(in, k, dst, from, to);
                }
            });
            out = new RgbImage(width, in.height(), dst);
        }
        if (height != image.height()) {
            RgbImage in = out;
            Coefficients k = Coefficients.of(image.height(), height);
            byte[] dst = new byte[in.width() * 3 * height];
            bands.forEach(height, (from, to) -> {
                if (kernels == Kernels.VECTOR) {
                    verticalVectors(in, k, dst, from, to);
                } else {
                    vertical(in, k, dst, from, to);
                }
            });
            out = new RgbImage(in.width(), height, dst);
        }
        return out == image ? new RgbImage(width, height, image.pixels().clone()) : out;
    }

    /** Output rows {@code [fromRow, toRow)} of the horizontal pass into {@code dst}. */
    static void horizontal(RgbImage in, Coefficients k, byte[] dst, int fromRow, int toRow) {
        int wIn = in.width();
        int wOut = k.outSize();
        byte[] src = in.pixels();
        int[] weights = k.weights();
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = fromRow; y < toRow; y++) {
            int inRow = y * wIn * 3;
            int outRow = y * wOut * 3;
            for (int x = 0; x < wOut; x++) {
                int taps = k.count(x);
                int kBase = x * k.stride();
                int s = inRow + k.first(x) * 3;
                int o = outRow + x * 3;
                if (taps == 6) {
                    // The interior of a 2x upscale, written out so the JIT keeps the weights in registers.
                    int k0 = weights[kBase], k1 = weights[kBase + 1], k2 = weights[kBase + 2];
                    int k3 = weights[kBase + 3], k4 = weights[kBase + 4], k5 = weights[kBase + 5];
                    for (int c = 0; c < 3; c++, s++) {
                        dst[o + c] = clip8(half + k0 * (src[s] & 0xff) + k1 * (src[s + 3] & 0xff)
                                + k2 * (src[s + 6] & 0xff) + k3 * (src[s + 9] & 0xff)
                                + k4 * (src[s + 12] & 0xff) + k5 * (src[s + 15] & 0xff));
                    }
                } else if (taps == 12) {
                    // The interior of a 2x downscale: twelve taps, in two halves of six.
                    int k0 = weights[kBase], k1 = weights[kBase + 1], k2 = weights[kBase + 2];
                    int k3 = weights[kBase + 3], k4 = weights[kBase + 4], k5 = weights[kBase + 5];
                    int k6 = weights[kBase + 6], k7 = weights[kBase + 7], k8 = weights[kBase + 8];
                    int k9 = weights[kBase + 9], k10 = weights[kBase + 10], k11 = weights[kBase + 11];
                    for (int c = 0; c < 3; c++, s++) {
                        int acc = half + k0 * (src[s] & 0xff) + k1 * (src[s + 3] & 0xff)
                                + k2 * (src[s + 6] & 0xff) + k3 * (src[s + 9] & 0xff)
                                + k4 * (src[s + 12] & 0xff) + k5 * (src[s + 15] & 0xff);
                        acc += k6 * (src[s + 18] & 0xff) + k7 * (src[s + 21] & 0xff)
                                + k8 * (src[s + 24] & 0xff) + k9 * (src[s + 27] & 0xff)
                                + k10 * (src[s + 30] & 0xff) + k11 * (src[s + 33] & 0xff);
                        dst[o + c] = clip8(acc);
                    }
                } else {
                    int r = half;
                    int g = half;
                    int b = half;
                    for (int t = 0; t < taps; t++, s += 3) {
                        int wt = weights[kBase + t];
                        r += wt * (src[s] & 0xff);
                        g += wt * (src[s + 1] & 0xff);
                        b += wt * (src[s + 2] & 0xff);
                    }
                    dst[o] = clip8(r);
                    dst[o + 1] = clip8(g);
                    dst[o + 2] = clip8(b);
                }
            }
        }
    }

    /** As {@link #vertical}, each row a vector of columns at a time. */
    private static void verticalVectors(RgbImage in, Coefficients k, byte[] dst, int fromRow, int toRow) {
        int stride = in.width() * 3;
        for (int y = fromRow; y < toRow; y++) {
            VectorKernels.weightedRow(in.pixels(), k.first(y) * stride, stride, k.weights(), y * k.stride(), k.count(y),
                    PRECISION_BITS, dst, y * stride);
        }
    }

    /** Output rows {@code [fromRow, toRow)} of the vertical pass into {@code dst}. */
    private static void vertical(RgbImage in, Coefficients k, byte[] dst, int fromRow, int toRow) {
        int w = in.width();
        int stride = w * 3;
        byte[] src = in.pixels();
        int[] weights = k.weights();
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = fromRow; y < toRow; y++) {
            int taps = k.count(y);
            int kBase = y * k.stride();
            int r0 = k.first(y) * stride;
            int out = y * stride;
            if (taps == 6 && y + 1 < toRow && k.count(y + 1) == 6 && k.first(y + 1) == k.first(y) + 1) {
                // Two interior rows of a 2x upscale share five of their six input rows: read the seven once.
                int n = kBase + k.stride();
                int k0 = weights[kBase], k1 = weights[kBase + 1], k2 = weights[kBase + 2];
                int k3 = weights[kBase + 3], k4 = weights[kBase + 4], k5 = weights[kBase + 5];
                int m0 = weights[n], m1 = weights[n + 1], m2 = weights[n + 2];
                int m3 = weights[n + 3], m4 = weights[n + 4], m5 = weights[n + 5];
                int r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride, r4 = r3 + stride, r5 = r4 + stride;
                int r6 = r5 + stride;
                int next = out + stride;
                for (int i = 0; i < stride; i++) {
                    int a0 = src[r0 + i] & 0xff, a1 = src[r1 + i] & 0xff, a2 = src[r2 + i] & 0xff;
                    int a3 = src[r3 + i] & 0xff, a4 = src[r4 + i] & 0xff, a5 = src[r5 + i] & 0xff;
                    int a6 = src[r6 + i] & 0xff;
                    dst[out + i] = clip8(half + k0 * a0 + k1 * a1 + k2 * a2 + k3 * a3 + k4 * a4 + k5 * a5);
                    dst[next + i] = clip8(half + m0 * a1 + m1 * a2 + m2 * a3 + m3 * a4 + m4 * a5 + m5 * a6);
                }
                y++;
            } else if (taps == 6) {
                // The interior of a 2x upscale: six taps, written out so the JIT keeps them in registers.
                int k0 = weights[kBase], k1 = weights[kBase + 1], k2 = weights[kBase + 2];
                int k3 = weights[kBase + 3], k4 = weights[kBase + 4], k5 = weights[kBase + 5];
                int r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride, r4 = r3 + stride, r5 = r4 + stride;
                for (int i = 0; i < stride; i++) {
                    dst[out + i] = clip8(half + k0 * (src[r0 + i] & 0xff) + k1 * (src[r1 + i] & 0xff)
                            + k2 * (src[r2 + i] & 0xff) + k3 * (src[r3 + i] & 0xff)
                            + k4 * (src[r4 + i] & 0xff) + k5 * (src[r5 + i] & 0xff));
                }
            } else if (taps == 12) {
                // The interior of a 2x downscale: twelve taps, in two halves of six.
                int k0 = weights[kBase], k1 = weights[kBase + 1], k2 = weights[kBase + 2];
                int k3 = weights[kBase + 3], k4 = weights[kBase + 4], k5 = weights[kBase + 5];
                int k6 = weights[kBase + 6], k7 = weights[kBase + 7], k8 = weights[kBase + 8];
                int k9 = weights[kBase + 9], k10 = weights[kBase + 10], k11 = weights[kBase + 11];
                int r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride, r4 = r3 + stride, r5 = r4 + stride;
                int r6 = r5 + stride, r7 = r6 + stride, r8 = r7 + stride, r9 = r8 + stride, r10 = r9 + stride;
                int r11 = r10 + stride;
                for (int i = 0; i < stride; i++) {
                    int acc = half + k0 * (src[r0 + i] & 0xff) + k1 * (src[r1 + i] & 0xff)
                            + k2 * (src[r2 + i] & 0xff) + k3 * (src[r3 + i] & 0xff)
                            + k4 * (src[r4 + i] & 0xff) + k5 * (src[r5 + i] & 0xff);
                    acc += k6 * (src[r6 + i] & 0xff) + k7 * (src[r7 + i] & 0xff)
                            + k8 * (src[r8 + i] & 0xff) + k9 * (src[r9 + i] & 0xff)
                            + k10 * (src[r10 + i] & 0xff) + k11 * (src[r11 + i] & 0xff);
                    dst[out + i] = clip8(acc);
                }
            } else {
                for (int i = 0; i < stride; i++) {
                    int acc = half;
                    for (int t = 0, row = r0; t < taps; t++, row += stride) {
                        acc += weights[kBase + t] * (src[row + i] & 0xff);
                    }
                    dst[out + i] = clip8(acc);
                }
            }
        }
    }

    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * The fixed-point filter taps for one axis, {@code inSize → outSize}, computed exactly as
     * Pillow's {@code precompute_coeffs} and {@code normalize_coeffs_8bpc} do (spec §7.1).
     */
    static final class Coefficients {
        private final int outSize;
        private final int stride;
        private final int[] firsts;
        private final int[] counts;
        private final int[] weights;

        private Coefficients(int outSize, int stride, int[] firsts, int[] counts, int[] weights) {
            this.outSize = outSize;
            this.stride = stride;
            this.firsts = firsts;
            this.counts = counts;
            this.weights = weights;
        }

        static Coefficients of(int inSize, int outSize) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = SUPPORT * filterScale;
            int stride = (int) Math.ceil(support) * 2 + 1;
            int[] firsts = new int[outSize];
            int[] counts = new int[outSize];
            int[] weights = new int[outSize * stride];
            double[] w = new double[stride];
            for (int i = 0; i < outSize; i++) {
                double center = (i + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int first = Math.max((int) (center - support + 0.5), 0);
                int end = Math.min((int) (center + support + 0.5), inSize);
                int count = end - first;
                double total = 0.0;
                for (int t = 0; t < count; t++) {
                    w[t] = lanczos((t + first - center + 0.5) * ss);
                    total += w[t];
                }
                for (int t = 0; t < count; t++) {
                    double normalised = total != 0.0 ? w[t] / total : w[t];
                    weights[i * stride + t] = normalised < 0
                            ? (int) (-0.5 + normalised * (1 << PRECISION_BITS))
                            : (int) (0.5 + normalised * (1 << PRECISION_BITS));
                }
                firsts[i] = first;
                counts[i] = count;
            }
            return new Coefficients(outSize, stride, firsts, counts, weights);
        }

        private static double lanczos(double x) {
            return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
        }

        private static double sinc(double x) {
            if (x == 0.0) {
                return 1.0;
            }
            x = x * Math.PI;
            return StrictMath.sin(x) / x;
        }

        int outSize() {
            return outSize;
        }

        int stride() {
            return stride;
        }

        int first(int i) {
            return firsts[i];
        }

        int count(int i) {
            return counts[i];
        }

        /** The first input index of every output, in order. */
        int[] firsts() {
            return firsts;
        }

        /** The number of taps of every output, in order. */
        int[] counts() {
            return counts;
        }

        int[] weights() {
            return weights;
        }

        /** The taps of output {@code i}, for tests against the spec's tables. */
        int[] taps(int i) {
            return java.util.Arrays.copyOfRange(weights, i * stride, i * stride + count(i));
        }
    }
}
