package dev.pokepipe.pipeline.store;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the one S3 client a function container (or a local run) uses. On AWS it takes region and
 * credentials from the Lambda environment; against an S3-compatible endpoint (the embedded server,
 * LocalStack) it switches to path-style addressing, sends checksums only where required, since
 * newer SDKs otherwise send trailing checksums some servers reject, and signs uploads in one piece.
 */
public final class S3ClientFactory {

    /** Where and as whom to connect; everything empty means "AWS, from the environment". */
    public record Settings(Optional<URI> endpoint, Optional<String> region,
                           Optional<String> accessKeyId, Optional<String> secretAccessKey) {

        /** Settings for AWS itself, everything from the environment. */
        public static Settings fromEnvironment() {
            return new Settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Settings for an S3-compatible endpoint with static credentials. */
        public static Settings endpoint(URI endpoint, String accessKeyId, String secretAccessKey) {
            return new Settings(Optional.of(endpoint), Optional.empty(), Optional.of(accessKeyId),
                    Optional.of(secretAccessKey));
        }
    }

    /**
     * Wraps the client's HTTP client and credentials before it is built: the Lambda app's priming
     * routes them off the network while it runs.
     */
    public interface Wrapping {
        /** The HTTP client the S3 client sends through, given the real one. */
        SdkHttpClient httpClient(SdkHttpClient network);

        /** The credentials the S3 client signs with, given the real ones. */
        AwsCredentialsProvider credentials(AwsCredentialsProvider real);

        /** The real HTTP client and credentials, unwrapped. */
        Wrapping NONE = new Wrapping() {
            @Override
            public SdkHttpClient httpClient(SdkHttpClient network) {
                return network;
            }

            @Override
            public AwsCredentialsProvider credentials(AwsCredentialsProvider real) {
                return real;
            }
        };
    }

    private S3ClientFactory() {
    }

    /** A client with the real HTTP client and credentials. */
    public static S3Client create(Settings settings) {
        return create(settings, Wrapping.NONE);
    }

    /** A client whose HTTP client and credentials go through {@code offline} first. */
    public static S3Client create(Settings settings, Wrapping offline) {
        S3ClientBuilder builder = S3Client.builder().httpClient(offline.httpClient(httpClient()));
        settings.region().map(Region::of).ifPresent(builder::region);
        if (settings.endpoint().isPresent()) {
            builder.endpointOverride(settings.endpoint().get())
                    .forcePathStyle(true)
                    // No "Expect: 100-continue" round trip before each upload to a local endpoint, and over
                    // plain HTTP one signature of the whole body instead of aws-chunked framing with a
                    // signature per chunk, which both ends then had to frame, sign and check.
                    .serviceConfiguration(S3Configuration.builder().expectContinueEnabled(false)
                            .chunkedEncodingEnabled(false).build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            if (settings.region().isEmpty()) {
                builder.region(Region.US_EAST_1);
            }
        }
        if (settings.accessKeyId().isPresent() && settings.secretAccessKey().isPresent()) {
            builder.credentialsProvider(offline.credentials(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKeyId().get(), settings.secretAccessKey().get()))));
        } else {
            builder.credentialsProvider(offline.credentials(DefaultCredentialsProvider.builder().build()));
        }
        return builder.build();
    }

    /** The HTTP client S3 requests go through: the URL connection client, which starts fastest. */
    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }
}
