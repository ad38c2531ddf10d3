package dev.pokepipe.engine;

/**
 * One thread of execution, the top level or one Map iteration: its last event is the
 * {@code previousEventId} of its next (asl-subset.md, H-2).
 */
final class Lane {
    long last;

    Lane(long last) {
        this.last = last;
    }
}
