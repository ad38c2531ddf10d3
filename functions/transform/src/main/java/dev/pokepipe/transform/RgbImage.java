package dev.pokepipe.transform;

/**
 * An 8-bit RGB image: {@code width × height} pixels, row-major, three bytes (R, G, B) per pixel,
 * no padding. This is the form every step of the transform reads and writes.
 */
public final class RgbImage {

    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * Wraps {@code pixels} without copying it.
     *
     * @throws IllegalArgumentException if the sizes are not positive or the array length is not
     *                                  {@code width * height * 3}
     */
    public RgbImage(int width, int height, byte[] pixels) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height * 3 != pixels.length) {
            throw new IllegalArgumentException("expected " + ((long) width * height * 3) + " bytes for "
                    + width + "x" + height + " RGB, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** A black image of the given size. */
    public static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)]);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The backing array, shared, not copied: steps write into fresh images, never into their input. */
    public byte[] pixels() {
        return pixels;
    }
}
