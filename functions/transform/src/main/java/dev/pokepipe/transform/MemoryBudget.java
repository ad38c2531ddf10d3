package dev.pokepipe.transform;

/**
 * The heap one {@link ImageTransform}'s calls may use at once, shared by every thread that calls it:
 * each reserves its image's estimate before decoding and waits while the others hold too much of the
 * budget, so concurrent large images take turns instead of running the heap out. A request larger than
 * the whole budget could never be met and fails at once. The default follows the JVM's heap,
 * {@link Runtime#maxMemory()}, less a reserve for everything else the process keeps there.
 */
public final class MemoryBudget {

    private static final long MB = 1024 * 1024;

    private final long limit;
    private final String source;
    private long used;

    /** A budget of {@code limit} bytes; {@code source} says where the figure comes from, for messages. */
    public MemoryBudget(long limit, String source) {
        if (limit < 1) {
            throw new IllegalArgumentException("a memory budget must be positive, got " + limit);
        }
        this.limit = limit;
        this.source = source;
    }

    /** This JVM's heap less {@link #reserve}. */
    public static MemoryBudget ofHeap() {
        long max = Runtime.getRuntime().maxMemory();
        return new MemoryBudget(Math.max(MB, max - reserve(max)), "this JVM's heap of " + mb(max) + " MB less "
                + mb(reserve(max)) + " MB for the rest of the process");
    }

    /**
     * What a heap of {@code maxMemory} keeps back for everything but the transform's arrays: the
     * input file's callers, the pipeline's clients and buffers, and room for the collector to work in.
     */
    static long reserve(long maxMemory) {
        return Math.max(16 * MB, maxMemory / 8);
    }

    public long limit() {
        return limit;
    }

    /**
     * Reserves {@code bytes} for {@code what}, waiting while other reservations leave too little.
     *
     * @throws ImageTooLargeForMemoryException if {@code bytes} is more than the whole budget
     */
    public Reservation reserve(long bytes, String what) {
        if (bytes > limit) {
            throw new ImageTooLargeForMemoryException(what + " needs an estimated " + mb(bytes)
                    + " MB, more than the limit of " + mb(limit) + " MB (" + source + ")");
        }
        synchronized (this) {
            boolean interrupted = false;
            while (used + bytes > limit) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            used += bytes;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return new Reservation(bytes);
    }

    /** The bytes reserved now, by every caller. */
    public synchronized long used() {
        return used;
    }

    private synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    /** Adds {@code bytes} to a reservation only if the budget has them free now; no waiting, since the caller holds memory. */
    private synchronized boolean tryGrow(long bytes) {
        if (used + bytes > limit) {
            return false;
        }
        used += bytes;
        return true;
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / (double) MB);
    }

    /** Bytes held from the budget until closed. */
    public final class Reservation implements AutoCloseable {
        private long bytes;
        private boolean closed;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /**
         * Takes {@code more} bytes, if free now.
         *
         * @throws ImageTooLargeForMemoryException if the budget does not have them
         */
        void grow(long more, String what) {
            if (!tryGrow(more)) {
                throw new ImageTooLargeForMemoryException(what + " needs more than the " + mb(bytes + more)
                        + " MB it could reserve of the limit of " + mb(limit) + " MB (" + source + ")");
            }
            bytes += more;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(bytes);
            }
        }
    }
}
