package dev.pokepipe.transform;

/**
 * The fields of a PNG's IHDR chunk that decoding depends on.
 *
 * @param colorType PNG colour type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
 */
public record PngHeader(int width, int height, int bitDepth, int colorType, boolean interlaced) {

    /** Samples per pixel for the colour type. */
    public int channels() {
        return switch (colorType) {
            case 0, 3 -> 1;
            case 4 -> 2;
            case 2 -> 3;
            case 6 -> 4;
            default -> throw new IllegalStateException("unknown colour type " + colorType);
        };
    }
}
