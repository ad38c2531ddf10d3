package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.cli.report.HtmlReport;
import dev.pokepipe.cli.report.RunReport;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.pipeline.exceptions.InvalidRunInputException;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.summarize.RunSummary;
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
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * {@code pokepipe bench}: the study's comparison, measured. The real definition runs twice on the
 * sample origin with the same settings: once with every Map forced to {@code MaxConcurrency} 1 (the
 * study's sequential baseline), once as defined (40 downloads, 8 processes at a time).
 */
@Command(name = "bench",
        description = {"Runs the definition twice on the sample origin: sequential (every Map at MaxConcurrency 1),",
                "then as defined; prints the study's table for both and the speed-ups."},
        mixinStandardHelpOptions = true)
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "150", paramLabel = "N",
            description = "Images 1..N (1-" + RunInput.MAX_IDS + ", default: ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    LocalRunOptions local;

    @Option(names = "--json", description = "Print the two summaries and the speed-ups as JSON on stdout.")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        ObjectNode input;
        try {
            input = RunInput.count(count);
        } catch (InvalidRunInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        local.check(new OptionChecks(spec));
        SampleOrigin.Settings settings = SampleOrigin.Settings.defaults().withLatency(local.latencyMs, local.jitter());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String sequentialId = "bench-" + stamp + "-sequential";
        String definedId = "bench-" + stamp + "-defined";
        RunOutcome sequential;
        RunOutcome defined;
        try (SampleOrigin origin = SampleOrigin.start(settings, 0)) {
            err.println("pokepipe bench: rendering the sample images...");
            err.flush();
            origin.prepare(IntStream.rangeClosed(1, count).boxed().toList());
            LocalPipeline.Settings pipeline = LocalPipeline.Settings.of(local.dataDir, origin.baseUrl());
            sequential = run(err, "sequential (every Map at MaxConcurrency 1)",
                    LocalPipeline.start(pipeline, SequentialBaseline.of(LocalPipeline.definitionText())),
                    sequentialId, input);
            defined = run(err, "as defined (" + limits(LocalPipeline.definitionText()) + ")",
                    LocalPipeline.start(pipeline), definedId, input);
        }
        if (sequential == null || defined == null) {
            return RunCommand.EXIT_RUN_FAILED;
        }
        RunReport reports = new RunReport(mapper, out, err);
        reports.write(sequential);
        Path report = reports.write(defined, sequential);
        RunSummary before = sequential.summary();
        RunSummary after = defined.summary();
        if (json) {
            ObjectNode result = mapper.createObjectNode();
            result.set("sequential", mapper.valueToTree(before));
            result.set("defined", mapper.valueToTree(after));
            ObjectNode speedup = result.putObject("speedup");
            speedup.put("download", HtmlReport.speedUp(before, after, s -> s.download().wallSeconds()));
            speedup.put("processing", HtmlReport.speedUp(before, after, s -> s.process().wallSeconds()));
            speedup.put("total", HtmlReport.speedUp(before, after, RunSummary::totalSeconds));
            if (report != null) {
                result.put("reportFile", report.toAbsolutePath().toString());
            }
            out.println(result.toPrettyString());
        } else {
            out.printf(Locale.ROOT, "%n%d images, sample origin %d ± %d ms%n%n", count, local.latencyMs, local.jitter());
            reports.printHeader();
            reports.printRow("sequential", before);
            reports.printRow("defined", after);
            out.printf(Locale.ROOT, "  %-12s %11.1fx %13.1fx %8.1fx%n", "speed-up",
                    HtmlReport.speedUp(before, after, s -> s.download().wallSeconds()),
                    HtmlReport.speedUp(before, after, s -> s.process().wallSeconds()), HtmlReport.speedUp(before, after, RunSummary::totalSeconds));
            if (report != null) {
                out.printf("%nreport: %s%n", report.toAbsolutePath());
            }
        }
        out.flush();
        return before.failed() + after.failed() == 0 ? 0 : RunCommand.EXIT_SOME_FAILED;
    }

    /** The run's outcome, or null if it did not finish. */
    private static RunOutcome run(PrintWriter err, String what, LocalPipeline pipeline, String runId, JsonNode input) {
        try (pipeline) {
            err.println("pokepipe bench: " + what + ", run " + runId);
            err.flush();
            RunOutcome outcome = pipeline.execute(runId, input, ProgressReporter.onStderr());
            if (!outcome.finished()) {
                err.println("pokepipe bench: the run failed: " + outcome.error() + ": " + outcome.cause());
                return null;
            }
            return outcome;
        }
    }

    /** {@code DownloadImages 40, ProcessImages 8}: each Map's limit, as the engine applies it. */
    private String limits(String definition) throws IOException {
        return Definition.mapLimits(mapper.readTree(definition)).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
