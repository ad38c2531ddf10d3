package dev.pokepipe.engine;

import java.time.Duration;
import java.time.Instant;

/** The engine's time: what it stamps events with and how it waits between retries. Tests replace it. */
public interface EngineClock {

    Instant now();

    void sleep(Duration duration) throws InterruptedException;

    /** Wall-clock time and real waiting. */
    EngineClock SYSTEM = new EngineClock() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };
}
