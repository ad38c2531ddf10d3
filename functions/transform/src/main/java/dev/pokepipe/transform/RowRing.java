package dev.pokepipe.transform;

/**
 * The last {@code slots} rows a window stage has received, each stored twice, {@code slots} rows apart:
 * any {@code slots} consecutive rows then lie one after another in {@link #data()}, so the vertical
 * kernels that read a row's taps at a fixed stride read them from here as from a whole image.
 */
final class RowRing {

    private final int stride;
    private final int slots;
    private final byte[] data;

    RowRing(int stride, int slots) {
        this.stride = stride;
        this.slots = slots;
        this.data = new byte[Math.multiplyExact(2 * slots, stride)];
    }

    /** The bytes a ring of {@code slots} rows of {@code stride} bytes holds. */
    static long bytes(int stride, int slots) {
        return 2L * slots * stride;
    }

    /** Stores row {@code y}, replacing row {@code y - slots}. */
    void put(int y, byte[] row) {
        int at = (y % slots) * stride;
        System.arraycopy(row, 0, data, at, stride);
        System.arraycopy(row, 0, data, at + slots * stride, stride);
    }

    /** Where row {@code y} starts in {@link #data()}; rows {@code y + 1 … y + slots − 1} follow it. */
    int at(int y) {
        return (y % slots) * stride;
    }

    byte[] data() {
        return data;
    }
}
