package dev.pokepipe.cli.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.local.RunOutcome;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs the pipeline a stack or an endpoint has deployed: finds its state machine and bucket, then
 * runs it as a {@link RemoteRun}, with clients that live as long as the run.
 */
public final class RemoteRunner {

    private final AwsSettings aws;
    private final Duration pollInterval;
    private final PrintWriter err;

    /**
     * @param pollInterval how often the execution's history is read
     * @param err          where the state machine found and its console page are said
     */
    public RemoteRunner(AwsSettings aws, Duration pollInterval, PrintWriter err) {
        this.aws = aws;
        this.pollInterval = pollInterval;
        this.err = err;
    }

    /**
     * Runs {@code input} as execution {@code runId} and copies what it produced under {@code dataDir}.
     *
     * @param stack            the stack that deployed the pipeline, or null to find it by state machine name
     * @param stateMachineName the state machine {@code pokepipe deploy} created, when there is no stack
     * @throws RemoteRunException if the pipeline cannot be found or the service refuses
     */
    public RunOutcome run(String stack, String stateMachineName, String runId, JsonNode input, Path dataDir,
                          Consumer<HistoryEvent> listener) throws InterruptedException {
        return withPipeline(stack, stateMachineName, runId, (run, target) -> run.run(target, runId, input, dataDir, listener));
    }

    /**
     * Redrives the failed, aborted or timed-out execution {@code runId} (RedriveExecution), follows it
     * and copies what it produced under {@code dataDir}.
     *
     * @throws RemoteRunException.NotRedrivableException if it cannot be redriven, saying why
     * @throws RemoteRunException                        if the pipeline or the execution cannot be found
     */
    public RunOutcome redrive(String stack, String stateMachineName, String runId, Path dataDir,
                              Consumer<HistoryEvent> listener) throws InterruptedException {
        return withPipeline(stack, stateMachineName, runId, (run, target) -> run.redrive(target, runId, dataDir, listener));
    }

    private interface Step {
        RunOutcome on(RemoteRun run, PipelineTarget target) throws InterruptedException;
    }

    private RunOutcome withPipeline(String stack, String stateMachineName, String runId, Step step)
            throws InterruptedException {
        try (SfnClient sfn = aws.sfn(); S3Client s3 = aws.s3()) {
            PipelineLocator locator = new PipelineLocator(aws);
            PipelineTarget target;
            if (stack != null) {
                try (CloudFormationClient cloudFormation = aws.cloudFormation()) {
                    target = locator.fromStack(cloudFormation, stack);
                }
            } else {
                target = locator.byName(sfn, stateMachineName);
            }
            err.printf("pokepipe: run %s, state machine %s, bucket %s%n", runId, target.stateMachineArn(), target.bucket());
            err.flush();
            MapRuns mapRuns = new MapRuns(sfn, err);
            RunOutcome outcome = step.on(new RemoteRun(sfn, s3, new RemoteExecution(sfn, pollInterval, mapRuns), mapRuns),
                    target);
            if (outcome.consoleUrl() != null) {
                err.println("console: " + outcome.consoleUrl());
                err.flush();
            }
            return outcome;
        }
    }
}
