package dev.pokepipe.transform;

/** Pillow's {@code ImageOps.invert}: every channel value v becomes 255 − v (transform-spec §5). */
public final class Invert {

    private Invert() {
    }

    /** Returns the inverted image; {@code image} is left unchanged. */
    public static RgbImage apply(RgbImage image) {
        return apply(image, RowBands.SEQUENTIAL);
    }

    /** As {@link #apply(RgbImage)}, split into {@code bands}. */
    public static RgbImage apply(RgbImage image, RowBands bands) {
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        bands.forEach(src.length, (from, to) -> {
            for (int i = from; i < to; i++) {
                dst[i] = (byte) ~src[i];
            }
        });
        return new RgbImage(image.width(), image.height(), dst);
    }
}
