package dev.pokepipe.transform;

/**
 * Pillow's {@code ImageFilter.EDGE_ENHANCE_MORE}: the 3×3 kernel with centre 9 and neighbours −1
 * on interior pixels; the one-pixel border is copied unchanged, and images narrower or lower than
 * 3 pixels are copied whole (transform-spec §4).
 */
public final class EdgeEnhanceMore {

    private EdgeEnhanceMore() {
    }

    /** Returns the filtered image; {@code image} is left unchanged. */
    public static RgbImage apply(RgbImage image) {
        return apply(image, RowBands.SEQUENTIAL);
    }

    /** As {@link #apply(RgbImage)}, the rows split into {@code bands}. */
    public static RgbImage apply(RgbImage image, RowBands bands) {
        int w = image.width();
        int h = image.height();
        byte[] src = image.pixels();
        byte[] dst = src.clone();
        if (w < 3 || h < 3) {
            return new RgbImage(w, h, dst);
        }
        int stride = w * 3;
        bands.forEach(h - 2, (from, to) -> rows(src, dst, stride, from + 1, to + 1));
        return new RgbImage(w, h, dst);
    }

    private static void rows(byte[] src, byte[] dst, int stride, int fromRow, int toRow) {
        for (int y = fromRow; y < toRow; y++) {
            int row = y * stride;
            for (int i = row + 3; i < row + stride - 3; i++) {
                int up = i - stride;
                int down = i + stride;
                int neighbours = (src[up - 3] & 0xff) + (src[up] & 0xff) + (src[up + 3] & 0xff)
                        + (src[i - 3] & 0xff) + (src[i + 3] & 0xff)
                        + (src[down - 3] & 0xff) + (src[down] & 0xff) + (src[down + 3] & 0xff);
                int v = 9 * (src[i] & 0xff) - neighbours;
                dst[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
    }
}
