package dev.pokepipe.transform;

/** Thrown when an image needs more memory than the transform's budget can give it: before decoding when it never could. */
public final class ImageTooLargeForMemoryException extends RuntimeException {

    public ImageTooLargeForMemoryException(String message) {
        super(message);
    }
}
