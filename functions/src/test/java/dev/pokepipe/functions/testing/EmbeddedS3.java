package dev.pokepipe.functions.testing;

import dev.pokepipe.functions.common.S3ClientFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;

/** An S3-compatible server (S3Proxy over an in-memory blob store) on loopback, for tests. */
public final class EmbeddedS3 implements AutoCloseable {

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final String accessKey = "test-" + UUID.randomUUID();
    private final String secretKey = UUID.randomUUID().toString();

    public EmbeddedS3() {
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

    public S3ClientFactory.Settings settings() {
        return S3ClientFactory.Settings.endpoint(endpoint(), accessKey, secretKey);
    }

    /** A new client for this server; the caller closes it. */
    public S3Client client() {
        return S3ClientFactory.create(settings());
    }

    /** Creates a bucket and returns its name. */
    public String createBucket(String name) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(name));
        }
        return name;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
