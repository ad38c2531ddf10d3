package dev.pokepipe.transform;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Turns an RGB image on its side, pixel {@code (x, y)} to {@code (y, x)}, so that a pass along its rows
 * can run as a pass down the columns of the result: the vector kernels' column passes need no
 * transposing of their own.
 */
final class PixelTranspose {

    /** Source rows read at once: their cache lines stay in L1 while each output row takes a run from them. */
    private static final int TILE = 16;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private PixelTranspose() {
    }

    /**
     * Writes the {@code w×h} image {@code src} transposed into {@code dst} ({@code h} pixels wide and
     * {@code w} high), the output rows split into {@code bands}.
     */
    static void apply(byte[] src, int w, int h, byte[] dst, RowBands bands) {
        bands.forEach(w, (from, to) -> {
            for (int yb = 0; yb < h; yb += TILE) {
                int ye = Math.min(h, yb + TILE);
                for (int x = from; x < to; x++) {
                    int d = (x * h + yb) * 3;
                    int s = (yb * w + x) * 3;
                    for (int y = yb; y < ye; y++, d += 3, s += 3 * w) {
                        if (y < h - 1 && s + 4 <= src.length) {
                            // Four bytes at once; the fourth lands on the next pixel of this output row,
                            // which is written after this one.
                            INT.set(dst, d, (int) INT.get(src, s));
                        } else {
                            dst[d] = src[s];
                            dst[d + 1] = src[s + 1];
                            dst[d + 2] = src[s + 2];
                        }
                    }
                }
            }
        });
    }
}
