package dev.pokepipe.cli;

import dev.pokepipe.cli.aws.AwsSettings;
import dev.pokepipe.cli.aws.PipelineDeployer;
import dev.pokepipe.cli.aws.RemoteRunException;
import dev.pokepipe.local.LocalPipeline;
import dev.pokepipe.cli.template.SamTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code pokepipe deploy --endpoint-url URL}: the pipeline into LocalStack (or another AWS-compatible
 * endpoint) with the AWS SDK. AWS itself is deployed with {@code sam deploy} and template.yaml.
 */
@Command(name = "deploy",
        description = {"Deploys the bucket, the four functions from function.zip and the state machine to an",
                "AWS-compatible endpoint such as LocalStack. For AWS itself use sam deploy (see README)."},
        mixinStandardHelpOptions = true)
public final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--endpoint-url", required = true, paramLabel = "URL",
            description = "The endpoint, e.g. http://localhost:4566 for LocalStack.")
    URI endpointUrl;

    @Option(names = "--region", defaultValue = "us-east-1", description = "Region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--name", defaultValue = "pokepipe",
            description = "State machine name and function name prefix (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--bucket", defaultValue = "pokepipe", description = "Bucket of the runs (default: ${DEFAULT-VALUE}).")
    String bucket;

    @Option(names = "--function-zip", defaultValue = "functions/lambda/target/function.zip",
            description = "The Lambda package built by ./mvnw package (default: ${DEFAULT-VALUE}).")
    Path functionZip;

    @Option(names = "--origin", paramLabel = "URL", defaultValue = "https://assets.pokemon.com/assets/cms2/img/pokedex/full",
            description = "The origin the download function fetches {URL}/{id:03d}.png from (default: ${DEFAULT-VALUE}).")
    URI origin;

    @Option(names = "--function-s3-endpoint", paramLabel = "URL", defaultValue = "http://localhost.localstack.cloud:4566",
            description = "S3 as the functions reach it from their containers (default: ${DEFAULT-VALUE}).")
    URI functionS3Endpoint;

    @Option(names = "--role-arn", defaultValue = "arn:aws:iam::000000000000:role/pokepipe",
            description = "Execution role of the functions and the state machine (default: ${DEFAULT-VALUE}).")
    String roleArn;

    /** S3's rule for a bucket name (without the dots-as-IP-address corner, which S3 itself refuses). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:[a-z-]+:iam::\\d{12}:role/.+");
    /** A Lambda function name has at most 64 characters; the longest handler adds "-summarize". */
    private static final int MAX_NAME = 64 - "-summarize".length();

    @Override
    public Integer call() throws InterruptedException {
        checkValues();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AwsSettings aws = new AwsSettings(Optional.of(endpointUrl), Optional.of(region));
        try (S3Client s3 = aws.s3(); LambdaClient lambda = aws.lambda(); SfnClient sfn = aws.sfn()) {
            PipelineDeployer.Deployment d = new PipelineDeployer(SamTemplate.packaged(), s3, lambda, sfn, Duration.ofSeconds(1), line -> {
                err.println("pokepipe deploy: " + line);
                err.flush();
            }).deploy(new PipelineDeployer.Settings(name, bucket, functionZip, LocalPipeline.definitionText(), origin,
                    functionS3Endpoint, region, roleArn));
            out.println("state machine: " + d.stateMachineArn());
            out.println("bucket:        " + d.bucket());
            d.functionArns().forEach((handler, arn) -> out.printf("%-14s %s%n", handler + ":", arn));
            out.printf("%nrun it: ./pokepipe run --endpoint-url %s --count 10%n", endpointUrl);
            out.flush();
            return 0;
        } catch (RemoteRunException e) {
            err.println("pokepipe deploy: " + e.getMessage());
            err.flush();
            return RunCommand.EXIT_RUN_FAILED;
        }
    }

    /** Every value checked before anything is sent: a bad one would fail halfway, leaving part of a deployment. */
    private void checkValues() {
        OptionChecks checks = new OptionChecks(spec);
        checks.stateMachineName("--name", name, MAX_NAME);
        if (!BUCKET.matcher(bucket).matches()) {
            throw checks.refuse("--bucket must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a "
                    + "letter or digit, got '" + bucket + "'");
        }
        checks.region("--region", region);
        if (!ROLE_ARN.matcher(roleArn).matches()) {
            throw checks.refuse("--role-arn must be an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME, got '" + roleArn + "'");
        }
        checks.existingFile("--function-zip", functionZip, " (./mvnw package builds it)");
    }
}
