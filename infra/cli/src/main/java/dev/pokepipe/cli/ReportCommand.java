package dev.pokepipe.cli;

import dev.pokepipe.cli.report.RunReport;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.pipeline.run.RunLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pokepipe report RUN_ID}: writes a run's report.html again from its stored history and summary. */
@Command(name = "report",
        description = {"Writes report.html of a finished run again, from the definition, history and summary",
                "stored with its outputs, and prints its path."},
        mixinStandardHelpOptions = true)
public final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_ID", description = "The run, as printed by pokepipe run or bench.")
    String runId;

    @Option(names = "--data-dir", defaultValue = "pokepipe-data",
            description = "Where the run's objects are (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        try {
            RunLayout.requireRunId(runId);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "RUN_ID: " + e.getMessage());
        }
        new OptionChecks(spec).existingDirectory("--data-dir", dataDir);
        if (!Files.isDirectory(LocalPipeline.runDir(dataDir, runId))) {
            throw new ParameterException(spec.commandLine(), "no run " + runId + " in " + dataDir.toAbsolutePath()
                    + " (" + LocalPipeline.runDir(dataDir, runId) + " is missing)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Path report;
        try {
            report = RunReport.render(RunReport.stored(LocalPipeline.runDir(dataDir, runId), runId));
        } catch (RuntimeException e) {
            err.println("pokepipe: warning: no report for run " + runId + ": " + e.getMessage());
            err.flush();
            return RunCommand.EXIT_RUN_FAILED;
        }
        spec.commandLine().getOut().println(report.toAbsolutePath());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
