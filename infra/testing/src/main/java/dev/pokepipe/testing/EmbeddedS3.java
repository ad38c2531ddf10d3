package dev.pokepipe.testing;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;

/**
 * An S3-compatible server (S3Proxy over an in-memory blob store) on loopback, for tests: either a
 * JUnit extension ({@code @RegisterExtension static final EmbeddedS3 S3 = new EmbeddedS3();}) or
 * started and closed by hand.
 */
public final class EmbeddedS3 implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    private S3Proxy proxy;
    private BlobStoreContext context;
    private S3Client client;
    private final String accessKey = "test-" + UUID.randomUUID();
    private final String secretKey = UUID.randomUUID().toString();

    @Override
    public void beforeAll(ExtensionContext extension) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        close();
    }

    /** Starts the server and returns this. */
    public EmbeddedS3 start() {
        context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
        // Built here, not by the pipeline's factory, so the tests' own view of the bucket shares no code with what they test.
        client = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** The server's shared client; closed with the server. */
    public S3Client client() {
        return client;
    }

    /** Creates a bucket and returns its name. */
    public String createBucket(String name) {
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        context.close();
    }
}
