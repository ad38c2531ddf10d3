package dev.pokepipe.transform;

/**
 * Pillow's {@code ImageEnhance.Contrast(img).enhance(1.5)}: blend every channel away from the
 * image's mean luma, rounded half up to an integer, with the result floored (transform-spec §3).
 */
public final class Contrast {

    private Contrast() {
    }

    /** Pillow's integer mean luma of the image (ITU-R 601-2 in 16-bit fixed point), every pixel counted. */
    public static int meanLuma(RgbImage image) {
        byte[] p = image.pixels();
        long sum = 0;
        for (int i = 0; i < p.length; i += 3) {
            sum += (19595 * (p[i] & 0xff) + 38470 * (p[i + 1] & 0xff) + 7471 * (p[i + 2] & 0xff) + 32768) >> 16;
        }
        double mean = (double) sum / ((long) image.width() * image.height());
        return (int) (mean + 0.5);
    }

    /** Returns the image with contrast raised by a factor 1.5 around its mean luma. */
    public static RgbImage apply(RgbImage image) {
        return apply(image, RowBands.SEQUENTIAL);
    }

    /** As {@link #apply(RgbImage)}, the mapping split into {@code bands}. */
    public static RgbImage apply(RgbImage image, RowBands bands) {
        int m = meanLuma(image);
        byte[] lut = new byte[256];
        for (int v = 0; v < 256; v++) {
            int d = v - m;
            lut[v] = (byte) Math.max(0, Math.min(255, m + d + (d >> 1)));
        }
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        bands.forEach(src.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[i] = lut[src[i] & 0xff];
            }
        });
        return new RgbImage(image.width(), image.height(), dst);
    }
}
