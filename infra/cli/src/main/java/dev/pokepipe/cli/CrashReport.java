package dev.pokepipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The last resort for a failure no command turned into its own message: one line on stderr naming
 * the failure and a file that keeps its stack trace, instead of the trace itself on the user's
 * terminal. Covers exceptions picocli hands over, errors it lets through (an {@link Error} escapes
 * {@code CommandLine.execute}), and anything a thread of the command leaves uncaught.
 */
final class CrashReport implements IExecutionExceptionHandler, Thread.UncaughtExceptionHandler {

    /** picocli's exit code for an exception a command threw. */
    static final int EXIT_CRASHED = 1;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final Path dir;
    private final PrintWriter err;

    /** @param dir where the stack trace files go; {@code err} gets the one line */
    CrashReport(Path dir, PrintWriter err) {
        this.dir = dir;
        this.err = err;
    }

    /** Files in the system's temporary directory, lines on this process's stderr. */
    static CrashReport onStderr() {
        return new CrashReport(Path.of(System.getProperty("java.io.tmpdir")),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8));
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        return report(command.getCommandSpec().qualifiedName(), e);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        report("pokepipe (thread " + thread.getName() + ")", e);
    }

    /** Prints the one line for {@code e} under {@code command}'s name and keeps the trace; returns the exit code. */
    int report(String command, Throwable e) {
        String kept = keep(e);
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ").strip();
        synchronized (err) {
            err.println(command + ": unexpected " + e.getClass().getName() + message + "; " + kept);
            err.flush();
        }
        return EXIT_CRASHED;
    }

    private String keep(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        try {
            Path file = Files.createTempFile(dir, "pokepipe-crash-" + LocalDateTime.now().format(STAMP) + "-", ".txt");
            Files.writeString(file, trace.toString(), StandardCharsets.UTF_8);
            return "the details are in " + file + " (please attach it to a bug report)";
        } catch (IOException | RuntimeException | OutOfMemoryError notKept) {
            return "its details could not be kept (" + notKept.getClass().getSimpleName() + ")";
        }
    }
}
