package dev.pokepipe.local.http;

import com.sun.net.httpserver.HttpServer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the JDK's HTTP server so that it never keeps a JVM alive. The server's dispatcher is a
 * thread it creates in {@link HttpServer#start()}, and a thread is a daemon exactly when the thread
 * that created it is one; started from the caller's thread (a program's main thread, say), a server
 * its owner forgot to stop would keep the JVM from exiting after {@code main} returns.
 */
public final class HttpServers {

    private HttpServers() {
    }

    /** Starts {@code server} from a daemon thread, so its dispatcher is a daemon; returns once it has started. */
    public static void startAsDaemon(HttpServer server) {
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread starter = new Thread(() -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failed.set(e);
            }
        }, "pokepipe-http-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting an HTTP server", e);
        }
        if (failed.get() != null) {
            throw failed.get();
        }
    }
}
