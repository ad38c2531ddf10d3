package dev.pokepipe.local.storage;

import dev.pokepipe.pipeline.store.S3ClientFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An S3-compatible server (S3Proxy) on loopback, storing objects as plain files under a data
 * directory: bucket {@code B}, key {@code K} is the file {@code dataDir/B/K}. The functions talk to
 * it with the same AWS SDK client code they use on AWS, and a person can open the PNGs on disk.
 * Credentials are random for every start, so nothing else on the machine can use the endpoint.
 */
public final class EmbeddedStorage implements AutoCloseable {

    /**
     * jclouds writes an object to {@code {key}-{random UUID}} and then renames it; a process killed in
     * between leaves that file behind, where it would be listed as an object of its own.
     */
    private static final Pattern INTERRUPTED_UPLOAD =
            Pattern.compile(".+-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private final Path dataDir;
    private S3Proxy proxy;
    private final BlobStoreContext context;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedStorage(Path dataDir, int port) {
        this.dataDir = dataDir;
        SecureRandom random = new SecureRandom();
        this.accessKey = "pokepipe-" + hex(random, 8);
        this.secretKey = hex(random, 24);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        context = ContextBuilder.newBuilder("filesystem")
                .credentials("local", "local")
                .overrides(properties)
                .build(BlobStoreContext.class);
        proxy = proxy(port);
    }

    private S3Proxy proxy(int port) {
        return S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
    }

    /**
     * Starts the server on loopback, {@code port} 0 for any free port.
     *
     * @throws StorageStartException if the directory cannot be created or the server does not start
     */
    public static EmbeddedStorage start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StorageStartException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        removeInterruptedUploads(dataDir);
        EmbeddedStorage storage = new EmbeddedStorage(dataDir, port);
        try {
            storage.startProxy();
        } catch (StorageStartException e) {
            storage.close();
            throw e;
        }
        return storage;
    }

    /** Deletes the half-written files of uploads a killed process left under {@code dataDir}. */
    private static void removeInterruptedUploads(Path dataDir) {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file) && INTERRUPTED_UPLOAD.matcher(file.getFileName().toString()).matches()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageStartException("cannot clear interrupted uploads under " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private void startProxy() {
        try {
            proxy.start();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                    throw new StorageStartException("the embedded S3 server did not start (" + proxy.getState() + ")",
                            null);
                }
                Thread.sleep(5);
            }
        } catch (StorageStartException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageStartException("the embedded S3 server did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the server off the network for {@code outage}, then serves again on the same port: how
     * tests show that a storage outage during a run is retried, not lost.
     */
    public void interrupt(java.time.Duration outage) throws Exception {
        int port = proxy.getPort();
        proxy.stop();
        Thread.sleep(outage.toMillis());
        proxy = proxy(port);
        startProxy();
    }

    /** Where the objects live on disk. */
    public Path dataDir() {
        return dataDir;
    }

    /** The file that holds {@code bucket/key}. */
    public Path fileOf(String bucket, String key) {
        return dataDir.resolve(bucket).resolve(key);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** The access key of this run's credentials. */
    public String accessKey() {
        return accessKey;
    }

    /** The secret key of this run's credentials. */
    public String secretKey() {
        return secretKey;
    }

    /** Settings for an S3 client of this server. */
    public S3ClientFactory.Settings clientSettings() {
        return S3ClientFactory.Settings.endpoint(endpoint(), accessKey, secretKey);
    }

    /** Creates {@code bucket} unless it exists (its directory is kept across runs). */
    public void ensureBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
        if (!context.getBlobStore().containerExists(bucket)) {
            throw new StorageStartException("cannot create bucket '" + bucket + "' under " + dataDir, null);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server", e);
        } finally {
            context.close();
        }
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Thrown when the embedded S3 server cannot be started. */
    public static final class StorageStartException extends RuntimeException {
        public StorageStartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
