package dev.pokepipe.local.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpServersTest {

    @Test
    void aServerStartedFromAnOrdinaryThreadRunsItsDispatcherAsADaemon() throws IOException {
        assertThat(Thread.currentThread().isDaemon()).as("the premise: JUnit's thread is not a daemon").isFalse();
        Set<Thread> before = dispatchers();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpServers.startAsDaemon(server);
        try {
            Set<Thread> started = dispatchers();
            started.removeAll(before);
            assertThat(started).as("the server's own dispatcher").hasSize(1)
                    .allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatCannotStartSaysSo() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpServers.startAsDaemon(server);
        try {
            assertThatThrownBy(() -> HttpServers.startAsDaemon(server))
                    .isInstanceOf(IllegalStateException.class);
        } finally {
            server.stop(0);
        }
    }

    private static Set<Thread> dispatchers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("HTTP-Dispatcher"))
                .collect(Collectors.toSet());
    }
}
