package dev.pokepipe.cli.aws;

import dev.pokepipe.pipeline.store.S3ClientFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the AWS APIs are: AWS itself (region and credentials from the usual chain, or
 * {@code --region}), or an endpoint such as LocalStack's, which takes any credentials.
 *
 * @param endpoint an endpoint URL for every service, or empty for AWS
 * @param region   the region, or empty for the SDK's default chain (us-east-1 with an endpoint)
 */
public record AwsSettings(Optional<URI> endpoint, Optional<String> region) {

    /** LocalStack accepts any key; these are its documented defaults. */
    private static final AwsCredentialsProvider LOCALSTACK_KEYS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    /** The region the clients use. */
    public String regionName() {
        if (region.isPresent()) {
            return region.get();
        }
        if (endpoint.isPresent()) {
            return Region.US_EAST_1.id();
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (RuntimeException e) {
            throw new RemoteRunException.ServiceUnavailableException("no AWS region: give --region, or set AWS_REGION"
                    + " or a region in ~/.aws/config", e);
        }
    }

    /** True when talking to AWS itself, where the console shows executions. */
    public boolean isAws() {
        return endpoint.isEmpty();
    }

    public SfnClient sfn() {
        return configure(SfnClient.builder()).build();
    }

    public CloudFormationClient cloudFormation() {
        return configure(CloudFormationClient.builder()).build();
    }

    public LambdaClient lambda() {
        return configure(LambdaClient.builder()).build();
    }

    /** S3 as the functions reach it: path-style against an endpoint, as {@link S3ClientFactory} builds it. */
    public S3Client s3() {
        if (endpoint.isEmpty()) {
            return S3ClientFactory.create(new S3ClientFactory.Settings(Optional.empty(), Optional.of(regionName()),
                    Optional.empty(), Optional.empty()));
        }
        var keys = credentials().resolveCredentials();
        return S3ClientFactory.create(new S3ClientFactory.Settings(endpoint, Optional.of(regionName()),
                Optional.of(keys.accessKeyId()), Optional.of(keys.secretAccessKey())));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(Region.of(regionName())).credentialsProvider(credentials());
        endpoint.ifPresent(builder::endpointOverride);
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60)).build());
        }
        return builder;
    }

    private AwsCredentialsProvider credentials() {
        if (endpoint.isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        // Not the default chain: it would ask the instance metadata service, off this machine, before giving up.
        return AwsCredentialsProviderChain.builder().credentialsProviders(
                EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create(),
                LOCALSTACK_KEYS).build();
    }
}
