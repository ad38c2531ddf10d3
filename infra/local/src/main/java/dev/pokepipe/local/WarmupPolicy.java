package dev.pokepipe.local;

import dev.pokepipe.transform.Kernels;

/**
 * Decides, run by run, whether a pipeline primes its transform and which kernels process the run's
 * images. The vector kernels are many times slower than the plain loops until C2 has compiled them
 * (docs/benchmarks.md has the first image's time both ways): a run larger than its narrowest Map
 * primes them while its downloads wait on the network, and uses them; a smaller run would meet them
 * cold, so its images run the plain loops, which the JIT makes fast much sooner. A pipeline primes
 * once: later runs find the vectors compiled.
 */
final class WarmupPolicy {

    /** What one run does: prime first (in the background) or not, and the kernels of its transforms. */
    record Decision(boolean prime, Kernels kernels) {
    }

    private final int together;
    private final Kernels best;
    private boolean primed;

    /**
     * @param together how many images the narrowest Map processes at once
     * @param best     the kernels this JVM would choose ({@link Kernels#best()})
     */
    WarmupPolicy(int together, Kernels best) {
        this.together = together;
        this.best = best;
    }

    /** The decision for a run of {@code ids} images; a run that primes counts as priming for all later runs. */
    synchronized Decision forRun(int ids) {
        if (primed) {
            return new Decision(false, best);
        }
        if (ids > together) {
            primed = true;
            return new Decision(true, best);
        }
        return new Decision(false, Kernels.SCALAR);
    }
}
