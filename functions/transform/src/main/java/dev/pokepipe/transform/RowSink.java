package dev.pokepipe.transform;

/**
 * One stage of the streaming transform: takes an image's rows in order, top to bottom, and passes
 * what it makes of them on to the next stage. A row is only lent for the call; a stage that needs it
 * later copies it.
 */
@FunctionalInterface
interface RowSink {

    /** The next row, its bytes from index 0. */
    void accept(byte[] row);
}
