package dev.pokepipe.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.aws.AwsSettings;
import dev.pokepipe.cli.aws.RemoteRunException;
import dev.pokepipe.cli.aws.RemoteRunner;
import dev.pokepipe.cli.report.RunReport;
import dev.pokepipe.engine.DefinitionException;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.exceptions.InvalidRunInputException;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.run.RunLayout;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code pokepipe run}: the whole pipeline on this machine, driven by the real definition in the
 * local engine, with embedded S3 storage and, if asked, the built-in sample origin.
 */
@Command(name = "run",
        description = {"Runs the pipeline locally: pipeline.asl.json in the local engine, the Lambda handlers in "
                + "process, an embedded S3 server storing files under --data-dir. No cloud, no Docker.",
                "With --stack (AWS) or --endpoint-url (LocalStack): runs the deployed pipeline, follows it (and "
                        + "its Distributed Map Runs), and copies its summary, images and report under --data-dir; "
                        + "with --resume, redrives the failed execution instead."},
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
        @Option(names = "--count", paramLabel = "N", description = "Images 1..N (1-" + RunInput.MAX_IDS + ").")
        Integer count;

        @Option(names = "--ids", paramLabel = "LIST", description = "These ids, e.g. 1,4,7.")
        String ids;
    }

    @ArgGroup(exclusive = true)
    Selection selection;

    /** Where the pipeline runs: here or deployed, never both. */
    static final class Where {
        @ArgGroup(exclusive = false, multiplicity = "1")
        Local local;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Deployed deployed;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Where where;

    /** A local run: an origin to fetch from. */
    static final class Local {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Origin origin;
    }

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = {"Locally: run RUN_ID again with its ids: sound outputs are kept, only missing ones are done.",
                    "Deployed: redrive execution RUN_ID (RedriveExecution): only what failed runs again."})
    String resume;

    static final class Origin {
        @Option(names = "--origin", paramLabel = "URL", description = "Fetch {URL}/{id:03d}.png from this origin.")
        URI url;

        @Option(names = "--sample-origin", description = "Start the built-in sample origin on loopback (offline).")
        boolean sample;
    }

    /** A deployed run: the pipeline a stack or an endpoint has; it fetches from the origin it was deployed with. */
    static final class Deployed {
        @Option(names = "--stack", paramLabel = "NAME", required = false,
                description = "Run the pipeline deployed by sam deploy as stack NAME (on AWS, or with --endpoint-url).")
        String stack;

        @Option(names = "--endpoint-url", paramLabel = "URL", required = false,
                description = "Run the pipeline deployed at this AWS-compatible endpoint, e.g. LocalStack's http://localhost:4566.")
        URI endpointUrl;

        @Option(names = "--region", paramLabel = "R", required = false,
                description = "AWS region of --stack (default: the AWS CLI's).")
        String region;

        @Option(names = "--state-machine", paramLabel = "NAME", defaultValue = "pokepipe", required = false,
                description = "With --endpoint-url alone: the state machine pokepipe deploy created (default: ${DEFAULT-VALUE}).")
        String stateMachineName = "pokepipe";
    }

    @Option(names = "--poll-ms", defaultValue = "2000", hidden = true,
            description = "How often a deployed run's history is read.")
    long pollMs;

    /** How pokepipe bench --cold runs its sequential baseline in a process of its own. */
    @Option(names = "--sequential", hidden = true, description = "Every Map at MaxConcurrency 1.")
    boolean sequential;

    @Mixin
    LocalRunOptions local;

    @Mixin
    SampleFaultOptions faults;

    @Option(names = "--origin-timeout-ms", defaultValue = "20000",
            description = "Timeout of one origin request (default: ${DEFAULT-VALUE}).")
    long originTimeoutMs;

    @Option(names = "--run-id", paramLabel = "ID", description = "The execution name (default: run-<time>-<random>).")
    String runId;

    @Option(names = "--json", description = "Print only the summary JSON on stdout.")
    boolean json;

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        Local here = where.local;
        Deployed deployed = where.deployed;
        if (resume != null && (runId != null || selection != null)) {
            throw new ParameterException(spec.commandLine(), "--resume takes the run's own ids and name: "
                    + "leave out --run-id, --count and --ids");
        }
        if (deployed != null && deployed.stack == null && deployed.endpointUrl == null) {
            throw new ParameterException(spec.commandLine(), "--region and --state-machine go with --stack or "
                    + "--endpoint-url");
        }
        checkValues(here, deployed);
        JsonNode input = resume == null ? input() : deployed == null ? storedInput(resume) : null;
        if (resume != null && deployed != null) {
            requireRunId("--resume", resume);
        }
        String name = resume != null ? resume : runId != null ? runId : defaultRunId();
        try {
            RunLayout.requireRunId(name);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--run-id: " + e.getMessage());
        }
        new OptionChecks(spec).createdDirectory("--data-dir", local.dataDir);
        PrintWriter err = spec.commandLine().getErr();
        RunReport report = new RunReport(mapper, spec.commandLine().getOut(), err);
        RunOutcome outcome;
        try {
            if (deployed == null) {
                outcome = localRun(here.origin).execute(name, input, err);
            } else {
                RemoteRunner remote = new RemoteRunner(new AwsSettings(Optional.ofNullable(deployed.endpointUrl),
                        Optional.ofNullable(deployed.region)), Duration.ofMillis(pollMs), err);
                outcome = resume != null
                        ? remote.redrive(deployed.stack, deployed.stateMachineName, name, local.dataDir, progress())
                        : remote.run(deployed.stack, deployed.stateMachineName, name, input, local.dataDir, progress());
            }
        } catch (EmbeddedStorage.StorageStartException | DefinitionException | RemoteRunException e) {
            err.println("pokepipe: " + e.getMessage());
            err.flush();
            return EXIT_RUN_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("pokepipe: interrupted; the execution goes on in the cloud");
            err.flush();
            return EXIT_RUN_FAILED;
        } catch (UncheckedIOException e) {
            err.println("pokepipe: " + e.getMessage() + ": " + e.getCause().getMessage());
            err.flush();
            return EXIT_RUN_FAILED;
        }
        return finish(outcome, report);
    }

    /** The same end for every run: its report, then the table or the JSON, or why it failed. */
    private int finish(RunOutcome outcome, RunReport report) {
        Path reportFile = report.write(outcome);
        if (!outcome.finished()) {
            report.printFailure(outcome, reportFile);
            return EXIT_RUN_FAILED;
        }
        if (json) {
            report.printJson(outcome, reportFile);
        } else {
            report.printTable(outcome, reportFile);
        }
        return outcome.summary().failed() == 0 ? 0 : EXIT_SOME_FAILED;
    }

    /** Each value checked against its range and against the mode it is given in, before anything starts. */
    private void checkValues(Local here, Deployed deployed) {
        OptionChecks checks = new OptionChecks(spec);
        boolean sample = here != null && here.origin.sample;
        List<String> sampleOnly = new ArrayList<>(List.of("--latency-ms", "--jitter-ms"));
        sampleOnly.addAll(SampleFaultOptions.NAMES);
        sampleOnly.forEach(option -> checks.onlyWith(option, sample, "--sample-origin"));
        for (String option : List.of("--origin-timeout-ms", "--sequential")) {
            checks.onlyWith(option, here != null, "a local run (--sample-origin or --origin)");
        }
        local.check(checks);
        faults.check(checks);
        checks.atLeast("--origin-timeout-ms", originTimeoutMs, 1);
        checks.atLeast("--poll-ms", pollMs, 1);
        if (deployed != null) {
            checks.stateMachineName("--state-machine", deployed.stateMachineName, 80);
            if (deployed.stack != null) {
                checks.stack("--stack", deployed.stack);
            }
            if (deployed.region != null) {
                checks.region("--region", deployed.region);
            }
        }
    }

    private LocalRun localRun(Origin source) {
        SampleOrigin.Settings sample = source.sample
                ? faults.settings(local.latencyMs, local.jitter(), originTimeoutMs) : null;
        return new LocalRun(source.url, sample, local.dataDir, Duration.ofMillis(originTimeoutMs), sequential);
    }

    private static ProgressReporter progress() {
        return ProgressReporter.onStderr();
    }

    private JsonNode input() {
        try {
            if (selection == null || selection.count == null && selection.ids == null) {
                return RunInput.count(150);
            }
            return selection.count != null ? RunInput.count(selection.count) : RunInput.ids(selection.ids);
        } catch (InvalidRunInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void requireRunId(String option, String run) {
        try {
            RunLayout.requireRunId(run);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    private JsonNode storedInput(String run) throws IOException {
        requireRunId("--resume", run);
        Path file = LocalPipeline.inputFile(local.dataDir, run);
        if (!Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), "--resume: no run " + run + " in " + local.dataDir.toAbsolutePath()
                    + " (" + file + " is missing)");
        }
        try {
            return mapper.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "--resume: " + file + " is not JSON (" + e.getOriginalMessage()
                    + ")");
        }
    }

    private static String defaultRunId() {
        return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }
}
