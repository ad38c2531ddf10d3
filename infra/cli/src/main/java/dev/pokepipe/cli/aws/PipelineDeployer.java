package dev.pokepipe.cli.aws;

import dev.pokepipe.cli.template.SamFunction;
import dev.pokepipe.cli.template.SamTemplate;

import dev.pokepipe.engine.DefinitionSubstitutions;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deploys the pipeline to an AWS-compatible endpoint (LocalStack) with the AWS SDK: the bucket, the
 * four functions from {@code function.zip}, and the state machine from {@code pipeline.asl.json}
 * with its placeholders substituted, tagged with its bucket so {@code pokepipe run --endpoint-url}
 * finds both. Deploying again updates what exists. (On AWS, template.yaml and {@code sam deploy}
 * do this, with the IAM roles, aliases and SnapStart an endpoint like LocalStack does not need.)
 */
public final class PipelineDeployer {

    /** The handlers function.zip holds; each becomes a function {@code {name}-{handler}}. */
    public static final List<String> HANDLERS = List.of("prepare", "download", "process", "summarize");

    private final SamTemplate template;
    private final S3Client s3;
    private final LambdaClient lambda;
    private final SfnClient sfn;
    private final Duration pollInterval;
    private final Consumer<String> progress;

    /**
     * What to deploy.
     *
     * @param name              prefix of every resource: state machine {@code name}, functions {@code name-download}, ...
     * @param functionS3Endpoint where the functions reach S3 from inside their containers
     * @param roleArn           the execution role given to functions and state machine (LocalStack does not check it)
     */
    public record Settings(String name, String bucket, Path functionZip, String definitionText, URI originBaseUrl,
                           URI functionS3Endpoint, String region, String roleArn) {
    }

    /** What was deployed. */
    public record Deployment(String stateMachineArn, String bucket, Map<String, String> functionArns) {
    }

    /** Deploys the functions as {@code template} configures them: runtime, handler, memory, timeout, environment. */
    public PipelineDeployer(SamTemplate template, S3Client s3, LambdaClient lambda, SfnClient sfn, Duration pollInterval,
                            Consumer<String> progress) {
        this.template = template;
        this.s3 = s3;
        this.lambda = lambda;
        this.sfn = sfn;
        this.pollInterval = pollInterval;
        this.progress = progress;
    }

    /**
     * Creates or updates everything.
     *
     * @throws RemoteRunException.DeploymentFailedException if a step fails or a function does not become active
     */
    public Deployment deploy(Settings settings) throws InterruptedException {
        if (!Files.isRegularFile(settings.functionZip())) {
            throw new RemoteRunException.DeploymentFailedException(settings.functionZip()
                    + " is missing: build it first with ./mvnw package", null);
        }
        try {
            createBucket(settings.bucket());
            SdkBytes code = SdkBytes.fromByteArray(Files.readAllBytes(settings.functionZip()));
            Map<String, String> arns = new LinkedHashMap<>();
            for (String handler : HANDLERS) {
                arns.put(handler, deployFunction(settings, handler, code));
            }
            for (String handler : HANDLERS) {
                awaitActive(settings.name() + "-" + handler);
            }
            Map<String, String> substitutions = Map.of(
                    "PrepareFunctionArn", arns.get("prepare"),
                    "DownloadFunctionArn", arns.get("download"),
                    "ProcessFunctionArn", arns.get("process"),
                    "SummarizeFunctionArn", arns.get("summarize"),
                    "BucketName", settings.bucket());
            String definition = DefinitionSubstitutions.apply(settings.definitionText(), substitutions);
            String stateMachineArn = deployStateMachine(settings, definition);
            return new Deployment(stateMachineArn, settings.bucket(), arns);
        } catch (SdkException e) {
            throw new RemoteRunException.DeploymentFailedException("deploying " + settings.name() + ": "
                    + AwsErrors.map(e, "deploy").getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + settings.functionZip(), e);
        }
    }

    private void createBucket(String bucket) {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            progress.accept("bucket " + bucket + " created");
        } catch (BucketAlreadyOwnedByYouException e) {
            progress.accept("bucket " + bucket + " exists");
        }
    }

    private String deployFunction(Settings settings, String handler, SdkBytes code) throws InterruptedException {
        String name = settings.name() + "-" + handler;
        SamFunction function = template.function(handler, Map.of("OriginBaseUrl", settings.originBaseUrl().toString()));
        Map<String, String> environment = new LinkedHashMap<>(function.environment());
        environment.put("POKEPIPE_S3_ENDPOINT", settings.functionS3Endpoint().toString());
        environment.put("POKEPIPE_S3_REGION", settings.region());
        Optional<GetFunctionConfigurationResponse> existing = configuration(name);
        if (existing.isEmpty()) {
            String arn = lambda.createFunction(b -> b.functionName(name).runtime(function.runtime())
                    .handler(function.handler()).role(settings.roleArn()).timeout(function.timeoutSeconds())
                    .memorySize(function.memoryMb())
                    .environment(e -> e.variables(environment)).code(c -> c.zipFile(code))).functionArn();
            progress.accept("function " + name + " created");
            return arn;
        }
        lambda.updateFunctionCode(b -> b.functionName(name).zipFile(code));
        awaitActive(name);
        lambda.updateFunctionConfiguration(b -> b.functionName(name).runtime(function.runtime())
                .handler(function.handler()).timeout(function.timeoutSeconds()).memorySize(function.memoryMb())
                .environment(e -> e.variables(environment)));
        progress.accept("function " + name + " updated");
        return existing.get().functionArn();
    }

    private Optional<GetFunctionConfigurationResponse> configuration(String name) {
        try {
            return Optional.of(lambda.getFunctionConfiguration(b -> b.functionName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Functions start Pending and updates run In Progress; invoking before they settle fails. */
    private void awaitActive(String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (true) {
            GetFunctionConfigurationResponse c = lambda.getFunctionConfiguration(b -> b.functionName(name));
            if (c.state() == State.FAILED || c.lastUpdateStatus() == LastUpdateStatus.FAILED) {
                throw new RemoteRunException.DeploymentFailedException("function " + name + " failed to deploy: "
                        + c.stateReason() + " " + c.lastUpdateStatusReason(), null);
            }
            boolean settled = (c.state() == null || c.state() == State.ACTIVE)
                    && (c.lastUpdateStatus() == null || c.lastUpdateStatus() == LastUpdateStatus.SUCCESSFUL);
            if (settled) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new RemoteRunException.DeploymentFailedException("function " + name + " is still "
                        + c.stateAsString() + "/" + c.lastUpdateStatusAsString() + " after 3 minutes", null);
            }
            Thread.sleep(pollInterval.toMillis());
        }
    }

    private String deployStateMachine(Settings settings, String definition) {
        Optional<String> existing = sfn.listStateMachinesPaginator(b -> b.maxResults(100)).stateMachines().stream()
                .filter(m -> m.name().equals(settings.name())).map(StateMachineListItem::stateMachineArn).findFirst();
        String arn;
        if (existing.isPresent()) {
            arn = existing.get();
            sfn.updateStateMachine(b -> b.stateMachineArn(existing.get()).definition(definition).roleArn(settings.roleArn()));
            progress.accept("state machine " + settings.name() + " updated");
        } else {
            arn = sfn.createStateMachine(b -> b.name(settings.name()).definition(definition).roleArn(settings.roleArn()))
                    .stateMachineArn();
            progress.accept("state machine " + settings.name() + " created");
        }
        sfn.tagResource(b -> b.resourceArn(arn).tags(t -> t.key(PipelineLocator.BUCKET_TAG).value(settings.bucket())));
        return arn;
    }
}
