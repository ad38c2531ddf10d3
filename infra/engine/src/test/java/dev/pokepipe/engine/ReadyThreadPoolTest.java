package dev.pokepipe.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadyThreadPoolTest {

    @Test
    void startsItsReadyThreadsBeforeAnyTaskAndEndsThemOnShutdown() throws InterruptedException {
        ExecutorService pool = ReadyThreadPool.of("ready-pool-test", 5);
        try {
            assertThat(threadsNamed("ready-pool-test")).isEqualTo(5);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(threadsNamed("ready-pool-test")).isZero();
    }

    @Test
    void growsPastItsReadyThreadsWhenMoreTasksRunAtOnce() throws InterruptedException {
        ExecutorService pool = ReadyThreadPool.of("ready-pool-growth", 2);
        CountDownLatch running = new CountDownLatch(6);
        CountDownLatch release = new CountDownLatch(1);
        try {
            for (int i = 0; i < 6; i++) {
                pool.execute(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(running.await(5, TimeUnit.SECONDS)).as("all six tasks run at once").isTrue();
            assertThat(threadsNamed("ready-pool-growth")).isGreaterThanOrEqualTo(6);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void refusesANegativeCountNamingIt() {
        assertThatThrownBy(() -> ReadyThreadPool.of("x", -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ready threads must be >= 0, got -1");
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name)).count();
    }
}
