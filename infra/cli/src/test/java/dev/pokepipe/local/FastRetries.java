package dev.pokepipe.local;

import dev.pokepipe.engine.EngineClock;

import java.time.Duration;
import java.time.Instant;

/** Retry waits shrunk 20-fold for tests: the delays are still computed and taken, only faster. */
public final class FastRetries implements EngineClock {

    public static final EngineClock CLOCK = new FastRetries();

    private FastRetries() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis() / 20);
    }
}
