package dev.pokepipe.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.infra.aws.AwsSettings;
import dev.pokepipe.infra.aws.PipelineLocator;
import dev.pokepipe.infra.aws.PipelineTarget;
import dev.pokepipe.infra.aws.RemoteExecution;
import dev.pokepipe.infra.aws.RemoteRun;
import dev.pokepipe.infra.aws.RemoteRunException;
import dev.pokepipe.infra.engine.DefinitionException;
import dev.pokepipe.infra.engine.ExecutionResult;
import dev.pokepipe.infra.origin.SampleOrigin;
import dev.pokepipe.infra.report.ExecutionTimeline;
import dev.pokepipe.infra.report.RunReportWriter;
import dev.pokepipe.infra.run.ExecutionInput;
import dev.pokepipe.infra.run.LocalPipeline;
import dev.pokepipe.infra.run.ProgressReporter;
import dev.pokepipe.infra.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.run.RunLayout;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code pokepipe run}: the whole pipeline on this machine, driven by the real definition in the
 * local engine, with embedded S3 storage and, if asked, the built-in sample origin.
 */
@Command(name = "run",
        description = {"Runs the pipeline locally: pipeline.asl.json in the local engine, the Lambda handlers in "
                + "process, an embedded S3 server storing files under --data-dir. No cloud, no Docker.",
                "With --stack (AWS) or --endpoint-url (LocalStack): runs the deployed pipeline, follows it, and "
                        + "copies its summary, images and report under --data-dir."},
        mixinStandardHelpOptions = true,
        footer = {"", "Exit status: 0 every image processed, 3 some images failed (listed), 2 bad usage, "
                + "1 the run itself failed."})
public final class RunCommand implements Callable<Integer> {

    /** Exit code when the run finished but some images failed. */
    public static final int EXIT_SOME_FAILED = 3;
    /** Exit code when the execution itself failed. */
    public static final int EXIT_RUN_FAILED = 1;

    @Spec
    CommandSpec spec;

    static final class Selection {
        @Option(names = "--count", paramLabel = "N", description = "Images 1..N (1-1000).")
        Integer count;

        @Option(names = "--ids", paramLabel = "LIST", description = "These ids, e.g. 1,4,7.")
        String ids;
    }

    @ArgGroup(exclusive = true)
    Selection selection;

    static final class Source {
        @Option(names = "--origin", paramLabel = "URL", description = "Fetch {URL}/{id:03d}.png from this origin.")
        URI origin;

        @Option(names = "--sample-origin", description = "Start the built-in sample origin on loopback (offline).")
        boolean sample;

        @Option(names = "--stack", paramLabel = "NAME",
                description = "Run the pipeline deployed by sam deploy as stack NAME (on AWS, or with --endpoint-url).")
        String stack;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Run the pipeline deployed at this AWS-compatible endpoint, e.g. LocalStack's http://localhost:4566.")
    URI endpointUrl;

    @Option(names = "--region", paramLabel = "R", description = "AWS region of --stack (default: the AWS CLI's).")
    String region;

    @Option(names = "--state-machine", paramLabel = "NAME", defaultValue = "pokepipe",
            description = "With --endpoint-url alone: the state machine pokepipe deploy created (default: ${DEFAULT-VALUE}).")
    String stateMachineName;

    @Option(names = "--poll-ms", defaultValue = "2000", hidden = true,
            description = "How often a deployed run's history is read.")
    long pollMs;

    @Mixin
    LocalRunOptions local;

    @Option(names = "--not-found-ids", paramLabel = "LIST", split = ",",
            description = "Sample origin: these ids answer 404.")
    Set<Integer> notFoundIds = new HashSet<>();

    @Option(names = "--error-rate", defaultValue = "0", description = "Sample origin: share of requests answered 500.")
    double errorRate;

    @Option(names = "--slow-rate", defaultValue = "0", description = "Sample origin: share of requests slower than --slow-ms.")
    double slowRate;

    @Option(names = "--slow-ms", defaultValue = "30000", description = "Sample origin: how slow a slow answer is (default: ${DEFAULT-VALUE}).")
    long slowMs;

    @Option(names = "--corrupt-rate", defaultValue = "0", description = "Sample origin: share of ids served as a truncated PNG.")
    double corruptRate;

    @Option(names = "--seed", defaultValue = "1", description = "Sample origin: seed of the injected faults.")
    long seed;

    @Option(names = "--origin-timeout-ms", defaultValue = "20000",
            description = "Timeout of one origin request (default: ${DEFAULT-VALUE}).")
    long originTimeoutMs;

    @Option(names = "--run-id", paramLabel = "ID", description = "The execution name (default: run-<time>-<random>).")
    String runId;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "Run RUN_ID again with its ids: sound outputs are kept, only missing ones are done.")
    String resume;

    @Option(names = "--json", description = "Print only the summary JSON on stdout.")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        if (resume != null && (runId != null || selection != null)) {
            throw new ParameterException(spec.commandLine(), "--resume takes the run's own ids and name: "
                    + "leave out --run-id, --count and --ids");
        }
        boolean deployed = source != null && source.stack != null || endpointUrl != null;
        if (!deployed && source == null) {
            throw new ParameterException(spec.commandLine(), "say where to run: --sample-origin or --origin URL (locally),"
                    + " --stack NAME (AWS) or --endpoint-url URL (LocalStack)");
        }
        if (deployed && source != null && (source.sample || source.origin != null)) {
            throw new ParameterException(spec.commandLine(), "--sample-origin and --origin are for local runs: a deployed"
                    + " pipeline fetches from the origin it was deployed with");
        }
        if (deployed && resume != null) {
            throw new ParameterException(spec.commandLine(), "--resume is for local runs: start a new execution instead");
        }
        if (!deployed && region != null) {
            throw new ParameterException(spec.commandLine(), "--region goes with --stack or --endpoint-url");
        }
        JsonNode input = resume != null ? storedInput(resume) : input();
        String name = resume != null ? resume : runId != null ? runId : defaultRunId();
        try {
            RunLayout.requireRunId(name);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--run-id: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (deployed) {
            return runDeployed(name, input, out, err);
        }
        SampleOrigin origin = null;
        try {
            URI originUrl = source.origin;
            if (source.sample) {
                origin = SampleOrigin.start(sampleSettings(), 0);
                originUrl = origin.baseUrl();
                err.println("pokepipe: rendering the sample images...");
                err.flush();
                origin.prepare(ExecutionInput.idsOf(input));
            }
            LocalPipeline.Settings settings = LocalPipeline.Settings.of(local.dataDir, originUrl)
                    .withOriginTimeout(Duration.ofMillis(originTimeoutMs));
            err.printf("pokepipe: run %s, origin %s%s, data in %s%n", name, originUrl,
                    source.sample ? " (sample origin)" : "", local.dataDir.toAbsolutePath());
            err.flush();
            try (LocalPipeline pipeline = LocalPipeline.start(settings)) {
                ExecutionResult result = pipeline.run(name, input,
                        new ProgressReporter(System.err, System.console() != null));
                Path reportFile = writeReport(err, local.dataDir, name, null);
                if (result.status() == ExecutionResult.Status.FAILED) {
                    return runFailed(result.error(), result.cause(), reportFile, err);
                }
                Map<String, int[]> maps = new HashMap<>();
                result.maps().forEach((map, run) -> maps.put(map, new int[]{run.items(), run.peakConcurrency()}));
                return printOutcome(pipeline.summary(name), RunReport.concurrency(RunReport.packagedDefinition(), maps),
                        LocalPipeline.runDir(local.dataDir, name), reportFile, null, out);
            }
        } catch (EmbeddedStorage.StorageStartException | DefinitionException e) {
            err.println("pokepipe: " + e.getMessage());
            return EXIT_RUN_FAILED;
        } finally {
            if (origin != null) {
                origin.close();
            }
        }
    }

    private JsonNode input() {
        try {
            if (selection == null || selection.count == null && selection.ids == null) {
                return ExecutionInput.count(150);
            }
            return selection.count != null ? ExecutionInput.count(selection.count) : ExecutionInput.ids(selection.ids);
        } catch (ExecutionInput.InvalidRunInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private JsonNode storedInput(String run) throws IOException {
        try {
            RunLayout.requireRunId(run);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--resume: " + e.getMessage());
        }
        Path file = LocalPipeline.inputFile(local.dataDir, run);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--resume: no run " + run + " in " + local.dataDir.toAbsolutePath()
                    + " (" + file + " is missing)");
        }
        return mapper.readTree(file.toFile());
    }

    private SampleOrigin.Settings sampleSettings() {
        try {
            return new SampleOrigin.Settings(local.latencyMs, local.jitterMs, notFoundIds, errorRate, slowRate, slowMs,
                    corruptRate, seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "sample origin: " + e.getMessage());
        }
    }

    private static String defaultRunId() {
        return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /**
     * Writes the run's report.html; a report that cannot be written is a warning, never the run's
     * failure: the outputs are already stored.
     *
     * @return the report's path, or null if it could not be written
     */
    static Path writeReport(PrintWriter err, Path dataDir, String runId, Path baselineSummary) {
        Path runDir = LocalPipeline.runDir(dataDir, runId);
        try {
            if (baselineSummary != null) {
                Files.copy(baselineSummary, runDir.resolve(RunReportWriter.BASELINE), StandardCopyOption.REPLACE_EXISTING);
            }
            return RunReportWriter.write(runDir, runId, "Ran locally; objects under "
                    + runDir.toAbsolutePath().normalize() + ".", null);
        } catch (RuntimeException | IOException e) {
            err.println("pokepipe: warning: no report for run " + runId + ": " + e.getMessage());
            return null;
        }
    }

    private int runDeployed(String name, JsonNode input, PrintWriter out, PrintWriter err) {
        AwsSettings aws = new AwsSettings(Optional.ofNullable(endpointUrl), Optional.ofNullable(region));
        try (SfnClient sfn = aws.sfn(); S3Client s3 = aws.s3()) {
            PipelineLocator locator = new PipelineLocator(aws);
            PipelineTarget target;
            if (source != null && source.stack != null) {
                try (CloudFormationClient cloudFormation = aws.cloudFormation()) {
                    target = locator.fromStack(cloudFormation, source.stack);
                }
            } else {
                target = locator.byName(sfn, stateMachineName);
            }
            err.printf("pokepipe: run %s, state machine %s, bucket %s%n", name, target.stateMachineArn(), target.bucket());
            err.flush();
            RemoteRun.Result r = new RemoteRun(sfn, s3, new RemoteExecution(sfn, Duration.ofMillis(pollMs)))
                    .run(target, name, input, local.dataDir, new ProgressReporter(System.err, System.console() != null));
            if (r.consoleUrl() != null) {
                err.println("console: " + r.consoleUrl());
                err.flush();
            }
            if (!"SUCCEEDED".equals(r.outcome().status()) || r.summary() == null) {
                return runFailed(r.outcome().status() + " " + r.outcome().error(), r.outcome().cause(), r.report(), err);
            }
            ExecutionTimeline timeline = ExecutionTimeline.of(r.history());
            Map<String, int[]> maps = new HashMap<>();
            timeline.mapLengths().forEach((map, items) ->
                    maps.put(map, new int[]{items, timeline.slotsUsed().getOrDefault(map, 0)}));
            return printOutcome(r.summary(), RunReport.concurrency(r.definition(), maps), r.runDir(), r.report(),
                    r.consoleUrl(), out);
        } catch (RemoteRunException e) {
            err.println("pokepipe: " + e.getMessage());
            err.flush();
            return EXIT_RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("pokepipe: interrupted; the execution goes on in the cloud");
            return EXIT_RUN_FAILED;
        } catch (UncheckedIOException e) {
            err.println("pokepipe: " + e.getMessage() + ": " + e.getCause().getMessage());
            return EXIT_RUN_FAILED;
        }
    }

    private static int runFailed(String error, String cause, Path reportFile, PrintWriter err) {
        err.println("pokepipe: the run failed: " + error + ": " + cause);
        if (reportFile != null) {
            err.println("report: " + reportFile.toAbsolutePath());
        }
        err.flush();
        return EXIT_RUN_FAILED;
    }

    private int printOutcome(JsonNode summary, ObjectNode concurrency, Path runDir, Path reportFile, String consoleUrl,
                             PrintWriter out) {
        Path processed = runDir.resolve("processed");
        Path summaryFile = runDir.resolve("summary.json");
        if (json) {
            ObjectNode full = summary.deepCopy();
            full.set("concurrency", concurrency);
            ObjectNode outputs = full.putObject("outputs");
            outputs.put("processedDir", processed.toAbsolutePath().toString());
            outputs.put("summaryFile", summaryFile.toAbsolutePath().toString());
            if (reportFile != null) {
                outputs.put("reportFile", reportFile.toAbsolutePath().toString());
            }
            if (consoleUrl != null) {
                outputs.put("consoleUrl", consoleUrl);
            }
            out.println(full.toPrettyString());
        } else {
            RunReport.print(out, summary, concurrency, processed, summaryFile);
            if (reportFile != null) {
                out.println("report:  " + reportFile.toAbsolutePath());
            }
            if (consoleUrl != null) {
                out.println("console: " + consoleUrl);
            }
        }
        out.flush();
        return summary.path("failed").asInt() == 0 ? 0 : EXIT_SOME_FAILED;
    }
}
