package dev.pokepipe.functions.process.transform;

/** Pillow's {@code ImageOps.invert}: every channel value v becomes 255 − v (transform-spec §5). */
public final class Invert {

    private Invert() {
    }

    /** Returns the inverted image; {@code image} is left unchanged. */
    public static RgbImage apply(RgbImage image) {
        byte[] src = image.pixels();
        byte[] dst = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            dst[i] = (byte) ~src[i];
        }
        return new RgbImage(image.width(), image.height(), dst);
    }
}
