package dev.pokepipe.transform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;

/**
 * An artwork-sized image and a loop over it, so the transform's code is compiled before the first
 * image that counts: SnapStart's priming reads the image through the whole function, a local run
 * passes it through the transform alone.
 */
public final class TransformWarmup {

    private static final String ARTWORK = "/priming/artwork.png";

    private TransformWarmup() {
    }

    /**
     * Runs {@code transform} up to {@code rounds} times on {@link #artwork()}, ending early once
     * {@code stop} says so; returns the rounds run.
     */
    public static int run(ImageTransform transform, int rounds, BooleanSupplier stop) {
        byte[] png = artwork();
        int done = 0;
        while (done < rounds && !stop.getAsBoolean()) {
            transform.transform(png);
            done++;
        }
        return done;
    }

    /** A 475×475 RGBA PNG drawn like the study's artworks. */
    public static byte[] artwork() {
        try (InputStream in = TransformWarmup.class.getResourceAsStream(ARTWORK)) {
            if (in == null) {
                throw new IllegalStateException(ARTWORK + " is missing from the transform's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
