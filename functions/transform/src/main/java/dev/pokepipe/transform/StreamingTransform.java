package dev.pokepipe.transform;

import java.io.OutputStream;

/**
 * The whole transform with no image-sized plane: every step runs as a stage on rows as they come,
 * holding only the rows its window reaches. Contrast needs the mean luma of the whole blurred image
 * before its first row, so the image is read twice: the first pass decodes and blurs only to sum the
 * luma; the second decodes and blurs again, then runs every step down to the encoder, which writes
 * the file as the rows come. The bytes are the whole-image path's: each stage computes the same
 * integers from the same rows. One thread per image: the stages hand each row on at once.
 */
final class StreamingTransform {

    private static final GaussianBlur BLUR_10 = GaussianBlur.ofRadius(10);
    private static final GaussianBlur BLUR_5 = GaussianBlur.ofRadius(5);

    private StreamingTransform() {
    }

    /**
     * Transforms {@code png}, whose header is {@code h}, into a PNG written to {@code out} at zlib
     * {@code level}; returns the bytes written.
     *
     * @throws InvalidPngException if {@code png} cannot be decoded
     */
    static long transform(PngDecoder decoder, byte[] png, PngHeader h, Kernels kernels, int level, OutputStream out) {
        int w = h.width();
        int height = h.height();
        long[] luma = new long[1];
        decoder.readRows(png, BlurRows.of(BLUR_10, w, height, kernels, row -> luma[0] += rowLuma(row)));
        int mean = (int) ((double) luma[0] / ((long) w * height) + 0.5);
        try (PngRowWriter writer = new PngRowWriter(out, w, height, level)) {
            RowSink tail = new ContrastEdgeInvertRows(w, height, mean, kernels,
                    BlurRows.of(BLUR_5, w, height, kernels, LanczosRows.of(w, height, kernels, writer)));
            decoder.readRows(png, BlurRows.of(BLUR_10, w, height, kernels, tail));
            return writer.written();
        }
    }

    /** The bytes the stages hold for an image with header {@code h}, besides the output. */
    static long bytes(PngHeader h, long fileBytes) {
        int w = h.width();
        long decode = h.interlaced() ? 3L * w * h.height() + PngDecoder.decodeBytes(h, fileBytes)
                : PngDecoder.streamingBytes(h);
        return decode + 2 * BlurRows.bytes(BLUR_10, w) + BlurRows.bytes(BLUR_5, w)
                + ContrastEdgeInvertRows.bytes(w) + LanczosRows.bytes(w, h.height()) + PngRowWriter.bytes(w);
    }

    /** Contrast's luma of every pixel of a row, summed: {@link Contrast#meanLuma}'s sum, a row at a time. */
    private static long rowLuma(byte[] p) {
        long sum = 0;
        for (int i = 0; i < p.length; i += 3) {
            sum += (19595 * (p[i] & 0xff) + 38470 * (p[i + 1] & 0xff) + 7471 * (p[i + 2] & 0xff) + 32768) >> 16;
        }
        return sum;
    }
}
