package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.HistoryEvent;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One run of a deployed pipeline, on AWS or LocalStack: start the execution, follow its history,
 * then bring the run back to this machine — summary, images, definition and history under
 * {@code dataDir/{bucket}/runs/{runId}/}, as a local run leaves them — and tell how it ended.
 */
public final class RemoteRun {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final SfnClient sfn;
    private final S3Client s3;
    private final RemoteExecution execution;

    public RemoteRun(SfnClient sfn, S3Client s3, RemoteExecution execution) {
        this.sfn = sfn;
        this.s3 = s3;
        this.execution = execution;
    }

    /** Runs {@code input} as execution {@code runId} of {@code target} and copies what it produced under {@code dataDir}. */
    public RunOutcome run(PipelineTarget target, String runId, JsonNode input, Path dataDir, Consumer<HistoryEvent> listener)
            throws InterruptedException {
        JsonNode definition;
        try {
            definition = MAPPER.readTree(sfn.describeStateMachine(b -> b.stateMachineArn(target.stateMachineArn()))
                    .definition());
        } catch (SdkException e) {
            throw AwsErrors.map(e, "reading state machine " + target.stateMachineArn());
        } catch (IOException e) {
            throw new UncheckedIOException("the definition of " + target.stateMachineArn() + " is not JSON", e);
        }
        RemoteExecution.Outcome outcome = execution.run(target, runId, input, listener);
        Path runDir = dataDir.resolve(target.bucket()).resolve(RunLayout.prefix(runId));
        RunSummary summary;
        ObjectNode history = MAPPER.createObjectNode();
        ArrayNode events = history.putArray("events");
        outcome.history().forEach(e -> events.add(e.toJson()));
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(RunLayout.INPUT_FILE), input.toString());
            Files.writeString(runDir.resolve(RunLayout.DEFINITION_FILE), definition.toPrettyString());
            Files.writeString(runDir.resolve(RunLayout.HISTORY_FILE), history.toString());
            summary = copySummary(target, runId, runDir);
            copyImages(target, runId, runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run's files under " + runDir, e);
        }
        String consoleUrl = target.consoleUrl(outcome.executionArn());
        String where = target.aws()
                ? "Ran on AWS in " + target.region() + ", execution " + outcome.executionArn() + "; copied to " + runDir + "."
                : "Ran at an AWS-compatible endpoint (LocalStack), execution " + outcome.executionArn() + "; copied to "
                + runDir + ".";
        return new RunOutcome(runId, outcome.status(), outcome.error(), outcome.cause(), definition, history, summary,
                mapUses(definition, history), runDir, where, consoleUrl);
    }

    /** What each Map did, as its history tells: a deployed run has no engine to count for it. */
    private static Map<String, RunOutcome.MapUse> mapUses(JsonNode definition, JsonNode history) {
        ExecutionTimeline timeline = ExecutionTimeline.of(history);
        return RunOutcome.MapUse.of(Definition.mapLimits(definition), timeline.mapLengths(), timeline.slotsUsed());
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

    /** The originals and processed images, 8 at a time, so the report's gallery works offline. */
    private void copyImages(PipelineTarget target, String runId, Path runDir) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> copies = new java.util.ArrayList<>();
            for (String folder : List.of(RunLayout.RAW_FOLDER, RunLayout.PROCESSED_FOLDER)) {
                String prefix = RunLayout.prefix(runId) + folder;
                Files.createDirectories(runDir.resolve(folder));
                for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(target.bucket()).prefix(prefix)).contents()) {
                    Path file = runDir.resolve(folder).resolve(o.key().substring(prefix.length()));
                    if (!file.normalize().startsWith(runDir.resolve(folder)) || o.key().endsWith("/")) {
                        continue;
                    }
                    copies.add(pool.submit(() -> {
                        Path partial = file.resolveSibling(file.getFileName() + ".part");
                        try (var in = s3.getObject(b -> b.bucket(target.bucket()).key(o.key()))) {
                            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        return null;
                    }));
                }
            }
            for (Future<?> copy : copies) {
                copy.get();
            }
        } catch (SdkException e) {
            throw AwsErrors.map(e, "copying the images of run " + runId + " from s3://" + target.bucket());
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw AwsErrors.map(sdk, "copying the images of run " + runId + " from s3://" + target.bucket());
            }
            throw new IOException("copying the images of run " + runId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying the images of run " + runId, e);
        } finally {
            pool.shutdownNow();
        }
    }
}
