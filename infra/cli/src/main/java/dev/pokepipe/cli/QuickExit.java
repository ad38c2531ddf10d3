package dev.pokepipe.cli;

/**
 * Ends the JVM without the pause HotSpot takes at exit while any thread is blocked in native code: it
 * waits about 300 ms for such threads before giving up on them. An idle {@code java.net.http.HttpClient}
 * keeps one, its selector thread, and Java 17's client has no {@code close()}. Once a command is done
 * those threads have nothing left to do, so they are interrupted (a selector thread ends when
 * interrupted) before {@link System#exit}.
 */
final class QuickExit {

    private QuickExit() {
    }

    /** Interrupts the idle HTTP client selector threads, then exits with {@code status}. */
    static void exit(int status) {
        releaseSelectorThreads();
        System.exit(status);
    }

    /** The number of HTTP client selector threads interrupted. */
    static int releaseSelectorThreads() {
        int released = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (isHttpClientSelector(thread)) {
                thread.interrupt();
                released++;
            }
        }
        return released;
    }

    static boolean isHttpClientSelector(Thread thread) {
        String name = thread.getName();
        return thread.isDaemon() && name.startsWith("HttpClient-") && name.endsWith("-SelectorManager");
    }
}
