package dev.pokepipe.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pokepipe command line run in this JVM, as {@link PokepipeCommand#main} runs it, with its
 * stdout and stderr captured.
 *
 * @param exit its exit status
 * @param out  what it printed on stdout
 * @param err  what it printed on stderr
 */
record CliRun(int exit, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** That the command was refused as bad usage with exactly {@code message}, on one line and without the usage. */
    CliRun refused(String command, String message) {
        assertThat(err).as("stderr").isEqualTo(command + ": " + message + "; try `" + command + " --help`"
                + System.lineSeparator());
        assertThat(exit).as("exit status; stderr: %s", err).isEqualTo(2);
        assertThat(out).as("stdout").isEmpty();
        return this;
    }
}
