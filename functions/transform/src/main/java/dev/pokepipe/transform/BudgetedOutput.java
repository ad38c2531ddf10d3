package dev.pokepipe.transform;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An output held in memory in blocks, for a streamed image whose caller wants the file's bytes: the
 * blocks are never copied as they grow, and every block past what the reservation already covers is
 * added to it first, so an output larger than expected fails with the budget's exception, not an
 * {@link OutOfMemoryError}.
 */
final class BudgetedOutput extends OutputStream {

    private static final int BLOCK = 1 << 20;

    private final MemoryBudget.Reservation reservation;
    private final String what;
    private final List<byte[]> blocks = new ArrayList<>();
    private long covered;
    private long size;

    /** An output whose first {@code covered} bytes of blocks {@code reservation} already holds. */
    BudgetedOutput(MemoryBudget.Reservation reservation, long covered, String what) {
        this.reservation = reservation;
        this.covered = covered;
        this.what = what;
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int at = (int) (size % BLOCK);
            if (at == 0) {
                take(BLOCK);
                blocks.add(new byte[BLOCK]);
            }
            int n = Math.min(len, BLOCK - at);
            System.arraycopy(b, off, blocks.get(blocks.size() - 1), at, n);
            off += n;
            len -= n;
            size += n;
        }
    }

    /** The bytes written, in one array, reserved before it is made. */
    byte[] toByteArray() {
        if (size > Integer.MAX_VALUE - 8) {
            throw new ImageTooLargeForMemoryException(what + ": its PNG of " + size + " bytes is larger than an array");
        }
        take(size);
        byte[] out = new byte[(int) size];
        for (int i = 0, at = 0; at < size; i++, at += BLOCK) {
            System.arraycopy(blocks.get(i), 0, out, at, (int) Math.min(BLOCK, size - at));
        }
        return out;
    }

    private void take(long bytes) {
        if (covered >= bytes) {
            covered -= bytes;
        } else {
            reservation.grow(bytes - covered, what);
            covered = 0;
        }
    }
}
