package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class QuickExitTest {

    @Test
    void anIdleHttpClientsSelectorThreadEndsWhenReleased() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        List<Thread> selectors = Thread.getAllStackTraces().keySet().stream()
                .filter(QuickExit::isHttpClientSelector).toList();
        assertThat(selectors).as("the client's selector thread, found by its name").isNotEmpty();

        assertThat(QuickExit.releaseSelectorThreads()).isGreaterThanOrEqualTo(selectors.size());
        for (Thread selector : selectors) {
            selector.join(5_000);
            assertThat(selector.isAlive()).as(selector.getName()).isFalse();
        }
        // Held to the end: a collected client's selector thread would end without being released.
        Reference.reachabilityFence(client);
    }

    @Test
    void otherThreadsAreLeftAlone() {
        Thread plain = new Thread(() -> { }, "HttpClient-1-SelectorManager");
        Thread daemonWorker = new Thread(() -> { }, "pokepipe-engine-1");
        daemonWorker.setDaemon(true);

        assertThat(QuickExit.isHttpClientSelector(plain)).as("not a daemon").isFalse();
        assertThat(QuickExit.isHttpClientSelector(daemonWorker)).isFalse();
    }
}
