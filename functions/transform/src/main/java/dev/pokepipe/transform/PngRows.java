package dev.pokepipe.transform;

/**
 * One scanline of a PNG's image data at a time: PNG's five filters undone, then the samples mapped to
 * 8-bit RGB as Pillow's {@code convert('RGB')} maps them (transform-spec §1). {@link PngDecoder} feeds
 * it the rows of every pass.
 */
final class PngRows {

    private PngRows() {
    }

    /** Unfilters the row at {@code cur[c, c + n)} in place, the row above at {@code prev[p, p + n)}. */
    static void unfilter(int type, byte[] cur, int c, byte[] prev, int p, int n, int bpp) {
        switch (type) {
            case 0 -> { }
            case 1 -> {
                for (int i = bpp; i < n; i++) {
                    cur[c + i] += cur[c + i - bpp];
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    cur[c + i] += prev[p + i];
                }
            }
            case 3 -> {
                for (int i = 0; i < n; i++) {
                    int left = i >= bpp ? cur[c + i - bpp] & 0xff : 0;
                    cur[c + i] += (byte) ((left + (prev[p + i] & 0xff)) >>> 1);
                }
            }
            case 4 -> {
                for (int i = 0; i < n; i++) {
                    int a = i >= bpp ? cur[c + i - bpp] & 0xff : 0;
                    int b = prev[p + i] & 0xff;
                    int cc = i >= bpp ? prev[p + i - bpp] & 0xff : 0;
                    int pp = a + b - cc;
                    int pa = Math.abs(pp - a);
                    int pb = Math.abs(pp - b);
                    int pc = Math.abs(pp - cc);
                    int pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : cc);
                    cur[c + i] += (byte) pred;
                }
            }
            default -> throw new InvalidPngException("corrupt PNG: unknown scanline filter type " + (type & 0xff));
        }
    }

    /** Maps one unfiltered scanline to RGB per transform-spec §1. */
    static void convertRow(byte[] row, int at, PngHeader h, byte[] palette, RgbImage out,
                                   int y, int x0, int dx, int count) {
        byte[] px = out.pixels();
        int o = (y * out.width() + x0) * 3;
        int step = dx * 3;
        int depth = h.bitDepth();
        switch (h.colorType()) {
            case 0 -> {
                if (depth == 16) {
                    for (int i = 0; i < count; i++, o += step) {
                        int v = ((row[at + 2 * i] & 0xff) << 8) | (row[at + 2 * i + 1] & 0xff);
                        byte g = (byte) Math.min(v, 255);
                        px[o] = g;
                        px[o + 1] = g;
                        px[o + 2] = g;
                    }
                } else {
                    int scale = switch (depth) {
                        case 1 -> 255;
                        case 2 -> 85;
                        case 4 -> 17;
                        default -> 1;
                    };
                    for (int i = 0; i < count; i++, o += step) {
                        byte g = (byte) (sample(row, at, i, depth) * scale);
                        px[o] = g;
                        px[o + 1] = g;
                        px[o + 2] = g;
                    }
                }
            }
            case 2, 6 -> {
                // RGB or RGBA: the high byte of each colour sample; alpha, if any, is skipped.
                int bytesPerSample = depth / 8;
                int stride = (h.colorType() == 2 ? 3 : 4) * bytesPerSample;
                for (int i = 0, s = at; i < count; i++, o += step, s += stride) {
                    px[o] = row[s];
                    px[o + 1] = row[s + bytesPerSample];
                    px[o + 2] = row[s + 2 * bytesPerSample];
                }
            }
            case 3 -> {
                int entries = palette.length / 3;
                for (int i = 0; i < count; i++, o += step) {
                    int index = sample(row, at, i, depth);
                    if (index < entries) {
                        px[o] = palette[3 * index];
                        px[o + 1] = palette[3 * index + 1];
                        px[o + 2] = palette[3 * index + 2];
                    } else {
                        px[o] = 0;
                        px[o + 1] = 0;
                        px[o + 2] = 0;
                    }
                }
            }
            case 4 -> {
                int stride = 2 * (depth / 8);
                for (int i = 0, s = at; i < count; i++, o += step, s += stride) {
                    byte g = row[s];
                    px[o] = g;
                    px[o + 1] = g;
                    px[o + 2] = g;
                }
            }
            default -> throw new IllegalStateException("colour type was validated: " + h.colorType());
        }
    }

    /** The i-th sample of a row (from {@code at}) of 1-, 2-, 4- or 8-bit samples, most significant bits first. */
    private static int sample(byte[] row, int at, int i, int depth) {
        if (depth == 8) {
            return row[at + i] & 0xff;
        }
        int perByte = 8 / depth;
        int b = row[at + i / perByte] & 0xff;
        int shift = 8 - depth * (i % perByte + 1);
        return (b >>> shift) & ((1 << depth) - 1);
    }
}
