package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.report.RunReport;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.DefinitionException;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.exceptions.InvalidRunInputException;
import dev.pokepipe.pipeline.run.RunInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code pokepipe bench}: the study's comparison, measured. The real definition runs twice on the
 * sample origin with the same settings: once with every Map forced to {@code MaxConcurrency} 1 (the
 * study's sequential baseline), once as defined (40 downloads, 8 processes at a time); in this JVM,
 * or with {@code --cold} each run as a {@code pokepipe run} in a fresh JVM, as a user meets it.
 */
@Command(name = "bench",
        description = {"Runs the definition twice on the sample origin: sequential (every Map at MaxConcurrency 1),",
                "then as defined; prints the study's table for both and the speed-ups. With --cold each run is",
                "a pokepipe run in a fresh JVM, and the table adds each JVM's whole wall time."},
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "150", paramLabel = "N",
            description = "Images 1..N (1-" + RunInput.MAX_IDS + ", default: ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    LocalRunOptions local;

    @Option(names = "--cold", description = {"Each run as a pokepipe run in a fresh JVM with this one's options, as a",
            "user meets it; the table adds each JVM's whole wall time."})
    boolean cold;

    @Option(names = "--json", description = "Print the two summaries and the speed-ups as JSON on stdout.")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException, InterruptedException {
        JsonNode input;
        try {
            input = RunInput.count(count);
        } catch (InvalidRunInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        OptionChecks checks = new OptionChecks(spec);
        local.check(checks);
        checks.createdDirectory("--data-dir", local.dataDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String sequentialId = "bench-" + stamp + "-sequential";
        String definedId = "bench-" + stamp + "-defined";
        Runs runs;
        try {
            runs = cold ? coldRuns(err, sequentialId, definedId) : warmRuns(err, input, sequentialId, definedId);
        } catch (EmbeddedStorage.StorageStartException | DefinitionException | ColdRun.StartFailedException
                 | ColdRun.ExitedException | RunReport.RunFilesMissingException e) {
            err.println("pokepipe bench: " + e.getMessage());
            err.flush();
            return RunCommand.EXIT_RUN_FAILED;
        }
        if (runs == null) {
            return RunCommand.EXIT_RUN_FAILED;
        }
        BenchRun sequential = runs.sequential();
        BenchRun defined = runs.defined();
        RunReport reports = new RunReport(mapper, out, err);
        if (!cold) {
            reports.write(sequential.outcome());
        }
        Path report = reports.write(defined.outcome(), sequential.outcome());
        BenchReport result = new BenchReport(mapper, out);
        if (json) {
            result.printJson(sequential, defined, report);
        } else {
            result.printTable(count, String.format(Locale.ROOT, "sample origin %d ± %d ms", local.latencyMs,
                    local.jitter()), sequential, defined, report);
        }
        return sequential.outcome().summary().failed() + defined.outcome().summary().failed() == 0
                ? 0 : RunCommand.EXIT_SOME_FAILED;
    }

    private record Runs(BenchRun sequential, BenchRun defined) {
    }

    /** Both runs in this JVM on one sample origin, or null if one did not finish. */
    private Runs warmRuns(PrintWriter err, JsonNode input, String sequentialId, String definedId)
            throws IOException {
        SampleOrigin.Settings settings = SampleOrigin.Settings.defaults().withLatency(local.latencyMs, local.jitter());
        try (SampleOrigin origin = SampleOrigin.start(settings, 0)) {
            err.println("pokepipe bench: rendering the sample images...");
            err.flush();
            origin.prepare(IntStream.rangeClosed(1, count).boxed().toList());
            LocalPipeline.Settings pipeline = LocalPipeline.Settings.of(local.dataDir, origin.baseUrl())
                    .withFirstRunIds(count);
            RunOutcome sequential = run(err, "sequential (every Map at MaxConcurrency 1)",
                    LocalPipeline.start(pipeline, SequentialBaseline.of(LocalPipeline.definitionText())),
                    sequentialId, input);
            if (sequential == null) {
                return null;
            }
            RunOutcome defined = run(err, "as defined (" + limits(LocalPipeline.definitionText()) + ")",
                    LocalPipeline.start(pipeline), definedId, input);
            return defined == null ? null
                    : new Runs(new BenchRun(sequential, OptionalDouble.empty()), new BenchRun(defined, OptionalDouble.empty()));
        }
    }

    /** The run's outcome, or null if it did not finish. */
    private static RunOutcome run(PrintWriter err, String what, LocalPipeline pipeline, String runId, JsonNode input) {
        try (pipeline) {
            err.println("pokepipe bench: " + what + ", run " + runId);
            err.flush();
            ProgressReporter progress = ProgressReporter.onStderr();
            RunOutcome outcome = pipeline.execute(runId, input, progress, progress::childEnded);
            if (!outcome.finished()) {
                err.println("pokepipe bench: the run failed: " + outcome.error() + ": " + outcome.cause());
                return null;
            }
            return outcome;
        }
    }

    /** Each run in a fresh JVM, one after the other, as a user would start them. */
    private Runs coldRuns(PrintWriter err, String sequentialId, String definedId) throws InterruptedException {
        ColdRun jvm = ColdRun.likeThisProcess();
        BenchRun sequential = coldRun(jvm, err, "sequential run", sequentialId, true);
        return new Runs(sequential, coldRun(jvm, err, "defined run", definedId, false));
    }

    /** One run as {@code pokepipe run} in a fresh JVM, read back from the files it stored. */
    private BenchRun coldRun(ColdRun jvm, PrintWriter err, String what, String runId, boolean sequential)
            throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--sample-origin", "--count", String.valueOf(count),
                "--latency-ms", String.valueOf(local.latencyMs), "--jitter-ms", String.valueOf(local.jitter()),
                "--data-dir", local.dataDir.toString(), "--run-id", runId));
        if (sequential) {
            args.add("--sequential");
        }
        err.println("pokepipe bench: " + what + " in a fresh JVM, run " + runId);
        err.flush();
        double seconds = jvm.run(what, args);
        RunOutcome outcome = RunReport.stored(LocalPipeline.runDir(local.dataDir, runId), runId);
        if (!outcome.finished()) {
            throw new ColdRun.ExitedException("the " + what + " left no finished run in "
                    + LocalPipeline.runDir(local.dataDir, runId));
        }
        return new BenchRun(outcome, OptionalDouble.of(seconds));
    }

    /** {@code DownloadImages 40, ProcessImages 8}: each Map's limit, as the engine applies it. */
    private String limits(String definition) throws IOException {
        return Definition.mapLimits(mapper.readTree(definition)).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
