package dev.pokepipe.pipeline.store;

import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Reads a stream to its end, refusing to buffer more than a cap. */
public final class BoundedRead {

    private BoundedRead() {
    }

    /**
     * Reads {@code in} to the end, or throws as soon as it has seen more than {@code maxBytes}; memory
     * grows with what was read, not with the cap.
     *
     * @param what names the stream in the error message
     * @throws ImageTooLargeException if the stream holds more than {@code maxBytes}
     */
    public static byte[] readAtMost(InputStream in, long maxBytes, Supplier<String> what) throws IOException {
        int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
        byte[] bytes = in.readNBytes(cap + 1);
        if (bytes.length > cap) {
            throw new ImageTooLargeException(what.get() + " is larger than the limit of " + maxBytes + " bytes");
        }
        return bytes;
    }
}
