package dev.pokepipe.local;

import dev.pokepipe.transform.Kernels;

/**
 * Decides, run by run, whether a pipeline primes its transform and which kernels process the run's
 * images. The vector kernels are many times slower than the plain loops until C2 has compiled them
 * (docs/benchmarks.md has the first image's time both ways): a run larger than its narrowest Map
 * primes them while its downloads wait on the network, and uses them; a smaller run would meet them
 * cold, so its images run the plain loops, which the JIT makes fast much sooner. A pipeline primes
 * once: later runs find the vectors compiled. A run no larger than its widest Map downloads in one
 * wave, over in one origin round trip, which leaves a priming begun with the downloads no time; a
 * pipeline that knows its first run is one of those primes as it starts.
 */
final class WarmupPolicy {

    /** What one run does: prime first (in the background) or not, and the kernels of its transforms. */
    record Decision(boolean prime, Kernels kernels) {
    }

    private final int together;
    private final int wave;
    private final Kernels best;
    private boolean primed;

    /**
     * @param together how many images the narrowest Map processes at once
     * @param wave     how many the widest Map runs at once (the downloads)
     * @param best     the kernels this JVM would choose ({@link Kernels#best()})
     */
    WarmupPolicy(int together, int wave, Kernels best) {
        this.together = together;
        this.wave = wave;
        this.best = best;
    }

    /** Whether a first run of {@code ids} images should begin its priming with the pipeline, not its downloads. */
    synchronized boolean primesAtStart(int ids) {
        return !primed && ids > together && ids <= wave;
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
