package dev.pokepipe.engine;

/** Unwinds an iteration that was stopped because its Map failed (M-6) or the run was interrupted. */
final class Aborted extends RuntimeException {
    Aborted() {
        super(null, null, false, false);
    }
}
