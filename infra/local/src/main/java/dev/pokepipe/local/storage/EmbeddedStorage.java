package dev.pokepipe.local.storage;

import dev.pokepipe.pipeline.store.S3ClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * An S3-compatible server on loopback (on the JDK's HTTP server), storing objects as
 * plain files under a data directory: bucket {@code B}, key {@code K} is the file {@code dataDir/B/K}.
 * The functions talk to it with the same AWS SDK client code they use on AWS, and a person can open
 * the PNGs on disk. Credentials are random for every start, so nothing else on the machine can use
 * the endpoint.
 */
public final class EmbeddedStorage implements AutoCloseable {

    private final Path dataDir;
    private final ObjectFiles files;
    private final S3Server server;
    private final String accessKey;
    private final String secretKey;

    /**
     * Where a server will listen and whom it lets in, fixed before it starts, so that its clients can be
     * built while it starts.
     *
     * @param port the loopback port, 0 for any free one (then only the started server knows it)
     */
    public record Address(int port, String accessKey, String secretKey) {

        /** Fresh random credentials on {@code port}. */
        public static Address withNewCredentials(int port) {
            SecureRandom random = new SecureRandom();
            return new Address(port, "pokepipe-" + hex(random, 8), hex(random, 24));
        }

        /**
         * Fresh random credentials on a loopback port that is free now.
         *
         * @throws StorageStartException if no port can be had
         */
        public static Address onFreePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return withNewCredentials(socket.getLocalPort());
            } catch (IOException e) {
                throw new StorageStartException("no free loopback port for the embedded S3 server: " + e.getMessage(), e);
            }
        }

        /**
         * Settings for an S3 client of the server at this address.
         *
         * @throws IllegalStateException for port 0, which names no endpoint yet
         */
        public S3ClientFactory.Settings clientSettings() {
            if (port == 0) {
                throw new IllegalStateException("port 0: the endpoint is known once the server has started");
            }
            return S3ClientFactory.Settings.endpoint(URI.create("http://127.0.0.1:" + port), accessKey, secretKey);
        }
    }

    private EmbeddedStorage(Path dataDir, Address address) {
        this.dataDir = dataDir;
        this.accessKey = address.accessKey();
        this.secretKey = address.secretKey();
        this.files = new ObjectFiles(dataDir);
        this.server = new S3Server(files, accessKey, secretKey);
    }

    /**
     * Starts the server on loopback, {@code port} 0 for any free port.
     *
     * @throws StorageStartException if the directory cannot be created or the server does not start
     */
    public static EmbeddedStorage start(Path dataDir, int port) {
        return start(dataDir, Address.withNewCredentials(port));
    }

    /**
     * Starts the server at {@code address}.
     *
     * @throws StorageStartException if the directory cannot be created or the server does not start
     */
    public static EmbeddedStorage start(Path dataDir, Address address) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StorageStartException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        removeInterruptedUploads(dataDir);
        EmbeddedStorage storage = new EmbeddedStorage(dataDir, address);
        try {
            storage.listen(address.port());
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
                if (Files.isRegularFile(file) && ObjectFiles.INTERRUPTED_UPLOAD.matcher(file.getFileName().toString()).matches()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageStartException("cannot clear interrupted uploads under " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    private void listen(int port) {
        try {
            server.listen(port);
        } catch (IOException e) {
            throw new StorageStartException("the embedded S3 server did not start on 127.0.0.1:" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Takes the server off the network for {@code outage}, then serves again on the same port: how
     * tests show that a storage outage during a run is retried, not lost.
     */
    public void interrupt(java.time.Duration outage) throws Exception {
        int port = server.port();
        server.stopListening();
        Thread.sleep(outage.toMillis());
        listen(port);
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
        return URI.create("http://127.0.0.1:" + server.port());
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
        try {
            files.createBucket(bucket);
        } catch (IOException | S3Error e) {
            throw new StorageStartException("cannot create bucket '" + bucket + "' under " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Deletes {@code bucket} with every object in it, if it exists: housekeeping of this process's own
     * scratch bucket, which S3's API would take a request per object for.
     *
     * @throws StorageException if a file or directory cannot be deleted
     */
    public void removeBucket(String bucket) {
        Path dir;
        try {
            dir = files.bucketDir(bucket);
        } catch (S3Error e) {
            throw new StorageException("cannot remove bucket '" + bucket + "': " + e.getMessage(), e);
        }
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("cannot remove bucket '" + bucket + "' under " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.close();
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

    /** Thrown when the storage cannot change what it keeps on disk outside a request. */
    public static final class StorageException extends RuntimeException {
        public StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
