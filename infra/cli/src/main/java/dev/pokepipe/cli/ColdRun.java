package dev.pokepipe.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code pokepipe} command in a fresh JVM, as a user's shell starts it: the same java, JVM
 * options and class path as this process. Its stderr (progress, warnings, errors) goes to this
 * process's stderr; its stdout is dropped, since what it ran is read back from its files.
 */
final class ColdRun {

    private final List<String> java;

    private ColdRun(List<String> java) {
        this.java = List.copyOf(java);
    }

    /** Children of this very JVM: its java, its options, its class path. */
    static ColdRun likeThisProcess() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // A debugger's agent listens on a port: a child given the same option could not start.
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-Xrunjdwp")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(PokepipeCommand.class.getName());
        return new ColdRun(command);
    }

    /** The java command line that runs {@code args}. */
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(java);
        command.addAll(args);
        return command;
    }

    /**
     * Runs a {@code pokepipe run} in a fresh JVM and waits for it.
     *
     * @param what how an error names this run, e.g. "sequential run"
     * @return the process's wall time in seconds, from just before its start to its exit
     * @throws StartFailedException if the JVM could not be started
     * @throws ExitedException      if the run did not finish (an exit status other than 0, or 3 for failed images)
     */
    double run(String what, List<String> args) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(args))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new StartFailedException("could not start a JVM for the " + what + ": " + e.getMessage());
        }
        int status;
        try {
            status = process.waitFor();
        } finally {
            // An interrupted bench leaves no run behind; after a normal exit this does nothing.
            process.destroy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != 0 && status != RunCommand.EXIT_SOME_FAILED) {
            throw new ExitedException("the " + what + " (a fresh JVM) exited with status " + status
                    + "; its messages are above");
        }
        return seconds;
    }

    /** Thrown when the JVM of a cold run cannot be started at all. */
    static final class StartFailedException extends RuntimeException {
        StartFailedException(String message) {
            super(message);
        }
    }

    /** Thrown when a cold run's JVM ends without a finished run. */
    static final class ExitedException extends RuntimeException {
        ExitedException(String message) {
            super(message);
        }
    }
}
