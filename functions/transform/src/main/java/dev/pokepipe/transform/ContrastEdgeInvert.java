package dev.pokepipe.transform;

/**
 * {@link Contrast}, {@link EdgeEnhanceMore} and {@link Invert} in one pass over the image, with the
 * same arithmetic and so the same bytes as the three steps one after another. Each band keeps the
 * contrasted rows it is working on in a ring of three, so the contrasted and edge-enhanced images never
 * exist, unless a caller asks to see them. Only the contrast's mean needs the whole image first.
 */
public final class ContrastEdgeInvert {

    private ContrastEdgeInvert() {
    }

    /** The intermediate images, for callers that compare every step. */
    interface Steps {
        void contrasted(RgbImage image);

        void edgeEnhanced(RgbImage image);
    }

    /** Returns invert(edgeEnhance(contrast(image))), the rows split into {@code bands}. */
    public static RgbImage apply(RgbImage image, RowBands bands) {
        return apply(image, bands, Kernels.best(), null);
    }

    /** As {@link #apply(RgbImage, RowBands)} with {@code kernels}; gives {@code steps}, if not null, the two images between. */
    static RgbImage apply(RgbImage image, RowBands bands, Kernels kernels, Steps steps) {
        int w = image.width();
        int h = image.height();
        int stride = w * 3;
        int mean = Contrast.meanLuma(image);
        byte[] src = image.pixels();
        byte[] out = new byte[src.length];
        byte[] contrasted = steps == null ? null : new byte[src.length];
        byte[] edges = steps == null ? null : new byte[src.length];
        boolean kernel = w >= 3 && h >= 3;
        bands.forEach(h, (from, to) -> {
            byte[][] ring = new byte[3][stride];
            int ready = Math.max(0, from - 1);
            for (int y = from; y < to; y++) {
                for (; ready <= Math.min(y + 1, h - 1); ready++) {
                    contrastRow(src, ready * stride, stride, mean, ring[ready % 3], kernels);
                }
                byte[] above = ring[(y + 2) % 3];
                byte[] row = ring[y % 3];
                byte[] below = ring[(y + 1) % 3];
                int at = y * stride;
                if (kernel && y > 0 && y < h - 1) {
                    edgeInvertRow(above, row, below, stride, out, at, kernels);
                } else {
                    for (int i = 0; i < stride; i++) {
                        out[at + i] = (byte) ~row[i];
                    }
                }
                if (contrasted != null) {
                    System.arraycopy(row, 0, contrasted, at, stride);
                    for (int i = 0; i < stride; i++) {
                        edges[at + i] = (byte) ~out[at + i];
                    }
                }
            }
        });
        if (steps != null) {
            steps.contrasted(new RgbImage(w, h, contrasted));
            steps.edgeEnhanced(new RgbImage(w, h, edges));
        }
        return new RgbImage(w, h, out);
    }

    /** Contrast's mapping of {@code n} bytes from {@code src} at {@code at} into {@code dst}. */
    static void contrastRow(byte[] src, int at, int n, int mean, byte[] dst, Kernels kernels) {
        if (kernels == Kernels.VECTOR) {
            VectorKernels.contrastRow(src, at, n, mean, dst);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[i] = (byte) contrast(src[at + i] & 0xff, mean);
        }
    }

    /** {@link Contrast}'s mapping of one value: away from the mean by half again, floored, clamped. */
    static int contrast(int v, int mean) {
        int d = v - mean;
        return Math.max(0, Math.min(255, mean + d + (d >> 1)));
    }

    /**
     * One interior row: the edge kernel inverted, the first and last pixel (the border) only inverted.
     * {@code above}, {@code row} and {@code below} are the contrasted rows.
     */
    static void edgeInvertRow(byte[] above, byte[] row, byte[] below, int n, byte[] out, int at,
                                      Kernels kernels) {
        for (int i = 0; i < 3; i++) {
            out[at + i] = (byte) ~row[i];
            out[at + n - 3 + i] = (byte) ~row[n - 3 + i];
        }
        int i = 3;
        if (kernels == Kernels.VECTOR) {
            i = VectorKernels.edgeInvertRow(above, row, below, n, out, at);
        }
        for (; i < n - 3; i++) {
            int neighbours = (above[i - 3] & 0xff) + (above[i] & 0xff) + (above[i + 3] & 0xff)
                    + (row[i - 3] & 0xff) + (row[i + 3] & 0xff)
                    + (below[i - 3] & 0xff) + (below[i] & 0xff) + (below[i + 3] & 0xff);
            int v = 9 * (row[i] & 0xff) - neighbours;
            out[at + i] = (byte) ~(v < 0 ? 0 : Math.min(v, 255));
        }
    }
}
