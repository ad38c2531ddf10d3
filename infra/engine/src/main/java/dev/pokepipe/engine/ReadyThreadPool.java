package dev.pokepipe.engine;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A cached pool of daemon threads (a thread per task in flight, idle ones kept a minute) with some
 * started up front: creating a thread takes this VM about a millisecond, more when dozens start at
 * once, and the local run's bursts (40 downloads when a Map opens) should not wait for that.
 */
public final class ReadyThreadPool {

    private ReadyThreadPool() {
    }

    /** A pool whose threads are named {@code name}, {@code ready} of them started now and kept until shutdown. */
    public static ThreadPoolExecutor of(String name, int ready) {
        if (ready < 0) {
            throw new IllegalArgumentException("ready threads must be >= 0, got " + ready);
        }
        ThreadPoolExecutor pool = new ThreadPoolExecutor(ready, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        pool.prestartAllCoreThreads();
        return pool;
    }
}
