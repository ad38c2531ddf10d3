package dev.pokepipe.transform;

/**
 * {@link ContrastEdgeInvert} as a streaming stage, for a mean computed beforehand: each row is
 * contrasted as it comes into a ring of three, and row {@code y} is edge-enhanced and inverted once
 * row {@code y + 1} is in, with the same row code as the whole-image pass.
 */
final class ContrastEdgeInvertRows implements RowSink {

    private final int stride;
    private final int h;
    private final int mean;
    private final boolean kernel;
    private final Kernels kernels;
    private final RowSink next;
    private final byte[][] ring;
    private final byte[] out;
    private int received;
    private int emitted;

    ContrastEdgeInvertRows(int w, int h, int mean, Kernels kernels, RowSink next) {
        this.stride = w * 3;
        this.h = h;
        this.mean = mean;
        this.kernel = w >= 3 && h >= 3;
        this.kernels = kernels;
        this.next = next;
        this.ring = new byte[3][stride];
        this.out = new byte[stride];
    }

    /** The bytes this stage holds for rows of {@code w} pixels. */
    static long bytes(int w) {
        return 4L * 3 * w;
    }

    @Override
    public void accept(byte[] row) {
        ContrastEdgeInvert.contrastRow(row, 0, stride, mean, ring[received % 3], kernels);
        received++;
        while (emitted < h && Math.min(emitted + 1, h - 1) < received) {
            emit(emitted++);
        }
    }

    private void emit(int y) {
        byte[] row = ring[y % 3];
        if (kernel && y > 0 && y < h - 1) {
            ContrastEdgeInvert.edgeInvertRow(ring[(y + 2) % 3], row, ring[(y + 1) % 3], stride, out, 0, kernels);
        } else {
            for (int i = 0; i < stride; i++) {
                out[i] = (byte) ~row[i];
            }
        }
        next.accept(out);
    }
}
