package dev.pokepipe.cli.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.Tag;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Finds a deployed pipeline: from a CloudFormation stack's outputs, or by the state machine's name and tags. */
public final class PipelineLocator {

    /** The state machine tag that names its bucket, set by {@code pokepipe deploy}. */
    public static final String BUCKET_TAG = "pokepipe:bucket";
    /** Stack outputs template.yaml declares. */
    public static final String STATE_MACHINE_OUTPUT = "StateMachineArn";
    public static final String BUCKET_OUTPUT = "BucketName";

    private final AwsSettings settings;

    public PipelineLocator(AwsSettings settings) {
        this.settings = settings;
    }

    /**
     * The pipeline a {@code sam deploy} of template.yaml created, from the stack's outputs.
     *
     * @throws RemoteRunException.StackNotFoundException   if there is no such stack
     * @throws RemoteRunException.StackOutputMissingException if the stack lacks an output
     */
    public PipelineTarget fromStack(CloudFormationClient cloudFormation, String stackName) {
        Stack stack;
        try {
            stack = cloudFormation.describeStacks(b -> b.stackName(stackName)).stacks().stream().findFirst()
                    .orElseThrow(() -> new RemoteRunException.StackNotFoundException(noStack(stackName), null));
        } catch (AwsServiceException e) {
            if ("ValidationError".equals(e.awsErrorDetails().errorCode()) && e.getMessage().contains("does not exist")) {
                throw new RemoteRunException.StackNotFoundException(noStack(stackName), e);
            }
            throw AwsErrors.map(e, "describing stack " + stackName);
        } catch (SdkException e) {
            throw AwsErrors.map(e, "describing stack " + stackName);
        }
        Map<String, String> outputs = stack.outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue, (a, b) -> a));
        return new PipelineTarget(output(outputs, STATE_MACHINE_OUTPUT, stack), output(outputs, BUCKET_OUTPUT, stack),
                settings.regionName(), settings.isAws());
    }

    private String noStack(String stackName) {
        return "no stack " + stackName + " in " + settings.regionName()
                + " (deploy it with sam deploy --guided, or give --region)";
    }

    private static String output(Map<String, String> outputs, String key, Stack stack) {
        String value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw new RemoteRunException.StackOutputMissingException("stack " + stack.stackName() + " (" +
                    stack.stackStatusAsString() + ") has no output " + key + ": is it pokepipe's template.yaml?");
        }
        return value;
    }

    /**
     * The pipeline {@code pokepipe deploy} created: the state machine named {@code name}, its bucket
     * from the {@value #BUCKET_TAG} tag.
     *
     * @throws RemoteRunException.StateMachineNotFoundException if there is none of that name, or it has no bucket tag
     */
    public PipelineTarget byName(SfnClient sfn, String name) {
        try {
            Optional<StateMachineListItem> found = sfn.listStateMachinesPaginator(b -> b.maxResults(100))
                    .stateMachines().stream().filter(m -> m.name().equals(name)).findFirst();
            if (found.isEmpty()) {
                throw new RemoteRunException.StateMachineNotFoundException("no state machine " + name + " at "
                        + settings.endpoint().map(Object::toString).orElse(settings.regionName())
                        + ": deploy it first with pokepipe deploy");
            }
            String arn = found.get().stateMachineArn();
            String bucket = sfn.listTagsForResource(b -> b.resourceArn(arn)).tags().stream()
                    .filter(t -> t.key().equals(BUCKET_TAG)).map(Tag::value).findFirst()
                    .orElseThrow(() -> new RemoteRunException.StateMachineNotFoundException("state machine " + name
                            + " has no " + BUCKET_TAG + " tag: it was not deployed by pokepipe deploy"));
            return new PipelineTarget(arn, bucket, settings.regionName(), settings.isAws());
        } catch (SdkException e) {
            throw AwsErrors.map(e, "looking up state machine " + name);
        }
    }
}
