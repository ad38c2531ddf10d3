package dev.pokepipe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code pokepipe} command line: entry point and list of subcommands. */
@Command(name = "pokepipe",
        mixinStandardHelpOptions = true,
        versionProvider = PokepipeCommand.Version.class,
        description = "Downloads images and runs the study's Pillow transform on each, bit for bit.",
        subcommands = {RunCommand.class, DeployCommand.class, ReportCommand.class, BenchCommand.class, TransformCommand.class, SampleArtworkCommand.class, CommandLine.HelpCommand.class})
public final class PokepipeCommand {

    /** Exit code for bad usage or a file that could not be handled. */
    public static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        CrashReport crashes = CrashReport.onStderr();
        Thread.setDefaultUncaughtExceptionHandler(crashes);
        QuickExit.exit(execute(commandLine(), args, crashes));
    }

    /** Runs {@code cli} on {@code args}; whatever it throws, {@code crashes} turns into one line and an exit code. */
    static int execute(CommandLine cli, String[] args, CrashReport crashes) {
        try {
            return cli.setExecutionExceptionHandler(crashes).execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands exceptions to the handler, but an Error (say an OutOfMemoryError) escapes execute.
            return crashes.report(cli.getCommandName(), e);
        }
    }

    /** The configured command line, for {@link #main} and for tests. */
    public static CommandLine commandLine() {
        // Bad usage exits with picocli's 2 (EXIT_USAGE), an unexpected exception with its 1.
        CommandLine commandLine = ValueConverters.register(new CommandLine(new PokepipeCommand()));
        return commandLine.setParameterExceptionHandler(new UsageErrorHandler());
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PokepipeCommand.class.getPackage().getImplementationVersion();
            return new String[]{"pokepipe " + (v == null ? "(development build)" : v)};
        }
    }
}
