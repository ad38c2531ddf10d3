package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.cli.report.ChildRuns;
import dev.pokepipe.cli.report.ExecutionTimeline;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One run of a deployed pipeline, on AWS or LocalStack: start the execution (or redrive it), follow
 * its history, then bring the run back to this machine — everything under its prefix (summary,
 * images, per-id results, Map Run results), definition and history under
 * {@code dataDir/{bucket}/runs/{runId}/}, as a local run leaves them — and tell how it ended.
 */
public final class RemoteRun {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final S3Client s3;
    private final RemoteExecution execution;
    private final MapRuns mapRuns;

    public RemoteRun(SfnClient sfn, S3Client s3, RemoteExecution execution) {
        this(sfn, s3, execution, null);
    }

    /**
     * @param mapRuns reads a Distributed Map execution's Map Runs at its end, or null to read none
     */
    RemoteRun(SfnClient sfn, S3Client s3, RemoteExecution execution, MapRuns mapRuns) {
        this.sfn = sfn;
        this.s3 = s3;
        this.execution = execution;
        this.mapRuns = mapRuns;
    }

    /** Runs {@code input} as execution {@code runId} of {@code target} and copies what it produced under {@code dataDir}. */
    public RunOutcome run(PipelineTarget target, String runId, JsonNode input, Path dataDir, Consumer<HistoryEvent> listener)
            throws InterruptedException {
        JsonNode definition = definition(target);
        RemoteExecution.Outcome outcome = execution.run(target, runId, input, listener);
        return bringBack(target, runId, input, definition, outcome, dataDir);
    }

    /**
     * Redrives the unsuccessful execution {@code runId} of {@code target} (see {@link RemoteExecution#redrive})
     * and copies what it has produced by its new end under {@code dataDir}.
     */
    public RunOutcome redrive(PipelineTarget target, String runId, Path dataDir, Consumer<HistoryEvent> listener)
            throws InterruptedException {
        JsonNode definition = definition(target);
        RemoteExecution.Outcome outcome = execution.redrive(target, runId, listener);
        JsonNode input = ExecutionTimeline.of(outcome.history()).input();
        return bringBack(target, runId, input, definition, outcome, dataDir);
    }

    private JsonNode definition(PipelineTarget target) {
        try {
            return MAPPER.readTree(sfn.describeStateMachine(b -> b.stateMachineArn(target.stateMachineArn()))
                    .definition());
        } catch (SdkException e) {
            throw AwsErrors.map(e, "reading state machine " + target.stateMachineArn());
        } catch (IOException e) {
            throw new UncheckedIOException("the definition of " + target.stateMachineArn() + " is not JSON", e);
        }
    }

    private RunOutcome bringBack(PipelineTarget target, String runId, JsonNode input, JsonNode definition,
                                 RemoteExecution.Outcome outcome, Path dataDir) {
        Path runDir = dataDir.resolve(target.bucket()).resolve(RunLayout.prefix(runId));
        RunSummary summary;
        ObjectNode history = MAPPER.createObjectNode();
        ArrayNode events = history.putArray("events");
        outcome.history().forEach(e -> events.add(e.toJson()));
        ExecutionTimeline timeline = ExecutionTimeline.of(history);
        List<MapRuns.MapRun> runs = mapRuns == null || timeline.mapRuns().isEmpty() ? List.of()
                : mapRuns.all(outcome.executionArn());
        try {
            Files.createDirectories(runDir);
            // Everything the run keeps under its prefix: images, per-id results, the ResultWriter's files.
            copyRun(target, runId, runDir);
            Files.writeString(runDir.resolve(RunLayout.INPUT_FILE), input.toString());
            Files.writeString(runDir.resolve(RunLayout.DEFINITION_FILE), definition.toPrettyString());
            Files.writeString(runDir.resolve(RunLayout.HISTORY_FILE), history.toString());
            summary = copySummary(target, runId, runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run's files under " + runDir, e);
        }
        String consoleUrl = target.consoleUrl(outcome.executionArn());
        String where = target.aws()
                ? "Ran on AWS in " + target.region() + ", execution " + outcome.executionArn() + "; copied to " + runDir + "."
                : "Ran at an AWS-compatible endpoint (LocalStack), execution " + outcome.executionArn() + "; copied to "
                + runDir + ".";
        Map<String, RunOutcome.MapUse> uses = runs.isEmpty() ? inlineMapUses(definition, timeline)
                : distributedMapUses(definition, runs, ChildRuns.peaks(ChildRuns.read(runDir)));
        return new RunOutcome(runId, outcome.status(), outcome.error(), withFailedChildren(outcome.cause(), runs),
                definition, history, summary, uses, runDir, where, consoleUrl);
    }

    /** What each Map did, as its history tells: a deployed run has no engine to count for it. */
    private static Map<String, RunOutcome.MapUse> inlineMapUses(JsonNode definition, ExecutionTimeline timeline) {
        return RunOutcome.MapUse.of(Definition.mapLimits(definition), timeline.mapLengths(), timeline.slotsUsed());
    }

    /** Per Distributed Map: the items its Map Runs counted, the most children its ResultWriter records show at once. */
    private static Map<String, RunOutcome.MapUse> distributedMapUses(JsonNode definition, List<MapRuns.MapRun> runs,
                                                                     Map<String, Integer> peaks) {
        Map<String, Integer> items = new LinkedHashMap<>();
        for (MapRuns.MapRun run : runs) {
            // A retried or redriven Map has several Map Runs; the last one counts every item.
            items.put(run.label(), (int) run.total());
        }
        return RunOutcome.MapUse.of(Definition.mapLimits(definition), items, peaks);
    }

    /** The execution's cause, followed by each failed Map Run's counts and first failed children. */
    private static String withFailedChildren(String cause, List<MapRuns.MapRun> runs) {
        StringBuilder b = new StringBuilder(cause == null ? "" : cause);
        for (MapRuns.MapRun run : runs) {
            if (run.failed() == 0 || !"FAILED".equals(run.status()) && cause == null) {
                continue;
            }
            b.append(b.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "Map Run %s %s: %d of %d items failed",
                    run.label(), run.status(), run.failed(), run.total()));
            for (MapRuns.FailedChild child : run.failedChildren()) {
                b.append(", ").append(child.id() == null ? child.executionArn() : "id " + child.id()).append(' ')
                        .append(child.error()).append(": ").append(child.cause());
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private RunSummary copySummary(PipelineTarget target, String runId, Path runDir) throws IOException {
        try {
            byte[] json = s3.getObjectAsBytes(b -> b.bucket(target.bucket()).key(RunLayout.summary(runId))).asByteArray();
            Files.write(runDir.resolve(RunLayout.SUMMARY_FILE), json);
            return RunOutcome.readSummary(json);
        } catch (NoSuchKeyException e) {
            return null;
        } catch (SdkException e) {
            throw AwsErrors.map(e, "reading s3://" + target.bucket() + "/" + RunLayout.summary(runId));
        }
    }

    /**
     * Every object under the run's prefix, 8 at a time: the images, so the report's gallery works
     * offline, the per-id results and the ResultWriter's files the report draws a Distributed Map from.
     */
    private void copyRun(PipelineTarget target, String runId, Path runDir) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> copies = new java.util.ArrayList<>();
            String prefix = RunLayout.prefix(runId);
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(prefix)).contents()) {
                Path file = runDir.resolve(o.key().substring(prefix.length())).normalize();
                if (!file.startsWith(runDir) || file.equals(runDir) || o.key().endsWith("/")) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                copies.add(pool.submit(() -> {
                    Path partial = file.resolveSibling(file.getFileName() + ".part");
                    try (var in = s3.getObject(b -> b.bucket(target.bucket()).key(o.key()))) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return null;
                }));
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } catch (SdkException e) {
            throw AwsErrors.map(e, "copying the objects of run " + runId + " from s3://" + target.bucket());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw AwsErrors.map(sdk, "copying the objects of run " + runId + " from s3://" + target.bucket());
            }
            throw new IOException("copying the objects of run " + runId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying the objects of run " + runId, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
