package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CrashReportTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    @Command(name = "broken")
    static final class Broken implements Callable<Integer> {
        private final Throwable failure;

        Broken(Throwable failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndItsTraceIsKeptInAFile() throws IOException {
        int status = run(new IllegalStateException("no such\nstate"));

        assertThat(status).isEqualTo(CrashReport.EXIT_CRASHED);
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("broken: unexpected java.lang.IllegalStateException: no such state; "
                + "the details are in " + dir);
        assertThat(Files.readString(onlyFile())).contains("IllegalStateException: no such")
                .contains("at dev.pokepipe.cli.CrashReportTest.anUnexpectedExceptionIsOneLineAndItsTraceIsKeptInAFile");
    }

    @Test
    void anErrorThatEscapesPicocliIsReportedTheSameWay() throws IOException {
        int status = run(new OutOfMemoryError("Java heap space"));

        assertThat(status).isEqualTo(CrashReport.EXIT_CRASHED);
        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("broken: unexpected java.lang.OutOfMemoryError: Java heap space; the details are in");
        assertThat(Files.readString(onlyFile())).contains("OutOfMemoryError");
    }

    @Test
    void aThreadsUncaughtExceptionIsOneLineNamingTheThread() throws InterruptedException {
        Thread t = new Thread(() -> {
            throw new IllegalArgumentException("bad");
        }, "worker-7");
        t.setUncaughtExceptionHandler(new CrashReport(dir, new PrintWriter(err)));
        t.start();
        t.join();

        assertThat(err.toString().lines().toList()).singleElement().asString()
                .startsWith("pokepipe (thread worker-7): unexpected java.lang.IllegalArgumentException: bad;");
    }

    @Test
    void aTraceThatCannotBeWrittenStillGivesTheLine() {
        CrashReport report = new CrashReport(dir.resolve("missing"), new PrintWriter(err));

        assertThat(report.report("pokepipe run", new IllegalStateException("x"))).isEqualTo(CrashReport.EXIT_CRASHED);
        assertThat(err.toString().strip()).isEqualTo(
                "pokepipe run: unexpected java.lang.IllegalStateException: x; its details could not be kept (NoSuchFileException)");
    }

    private int run(Throwable failure) {
        return PokepipeCommand.execute(new CommandLine(new Broken(failure)), new String[0],
                new CrashReport(dir, new PrintWriter(err)));
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            assertThat(all).singleElement().asString().contains("pokepipe-crash-").endsWith(".txt");
            return all.get(0);
        }
    }
}
