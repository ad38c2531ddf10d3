package dev.pokepipe.local.storage;

import dev.pokepipe.pipeline.store.S3ClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedStorageTest {

    @TempDir
    Path dir;

    @Test
    void objectsArePlainFilesUnderTheDataDirectory() throws Exception {
        try (EmbeddedStorage storage = EmbeddedStorage.start(dir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            storage.ensureBucket("bucket");
            s3.putObject(r -> r.bucket("bucket").key("runs/r1/processed/001.png").contentType("image/png"),
                    RequestBody.fromBytes(new byte[]{1, 2, 3}));

            assertThat(storage.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(Files.readAllBytes(storage.fileOf("bucket", "runs/r1/processed/001.png"))).containsExactly(1, 2, 3);
            assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket").key("runs/r1/processed/001.png")).asByteArray())
                    .containsExactly(1, 2, 3);
        }
    }

    @Test
    void aRemovedBucketTakesItsObjectsWithItAndLeavesTheOthers() throws Exception {
        try (EmbeddedStorage storage = EmbeddedStorage.start(dir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            storage.ensureBucket("scratch");
            storage.ensureBucket("kept");
            s3.putObject(r -> r.bucket("scratch").key("a/b/c.png"), RequestBody.fromBytes(new byte[]{1}));
            s3.putObject(r -> r.bucket("kept").key("a/b/c.png"), RequestBody.fromBytes(new byte[]{2}));

            storage.removeBucket("scratch");
            storage.removeBucket("scratch");

            assertThat(dir.resolve("scratch")).doesNotExist();
            assertThat(s3.getObjectAsBytes(r -> r.bucket("kept").key("a/b/c.png")).asByteArray()).containsExactly(2);
            assertThatThrownBy(() -> storage.removeBucket("../kept"))
                    .isInstanceOf(EmbeddedStorage.StorageException.class).hasMessageContaining("../kept");
            assertThat(dir.resolve("kept")).exists();
        }
    }

    @Test
    void anUploadAKilledProcessLeftHalfWrittenIsGoneAtTheNextStart() throws Exception {
        Path raw = Files.createDirectories(dir.resolve("bucket/runs/r1/raw"));
        Files.write(raw.resolve("001.png"), new byte[]{1, 2, 3});
        Path leftover = Files.write(raw.resolve("002.png-0f8fad5b-d9cb-469f-a165-70867728950e"), new byte[]{9});

        try (EmbeddedStorage storage = EmbeddedStorage.start(dir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            assertThat(leftover).doesNotExist();
            assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("runs/r1/")).contents())
                    .extracting(o -> o.key()).contains("runs/r1/raw/001.png").noneMatch(key -> key.contains("002"));
        }
    }

    @Test
    void aClientBuiltFromTheAddressBeforeTheServerStartsUsesIt() {
        EmbeddedStorage.Address address = EmbeddedStorage.Address.onFreePort();
        try (S3Client s3 = S3ClientFactory.create(address.clientSettings());
             EmbeddedStorage storage = EmbeddedStorage.start(dir, address)) {
            storage.ensureBucket("bucket");
            s3.putObject(r -> r.bucket("bucket").key("k"), RequestBody.fromBytes(new byte[]{7}));

            assertThat(storage.endpoint().getPort()).isEqualTo(address.port());
            assertThat(storage.accessKey()).isEqualTo(address.accessKey());
            assertThat(storage.fileOf("bucket", "k")).hasBinaryContent(new byte[]{7});
        }
        assertThatThrownBy(() -> EmbeddedStorage.Address.withNewCredentials(0).clientSettings())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("port 0");
    }

    @Test
    void refusesOtherCredentials() {
        try (EmbeddedStorage storage = EmbeddedStorage.start(dir, 0);
             S3Client stranger = S3ClientFactory.create(new S3ClientFactory.Settings(Optional.of(storage.endpoint()),
                     Optional.empty(), Optional.of("someone"), Optional.of("guess")))) {
            storage.ensureBucket("bucket");
            assertThatThrownBy(() -> stranger.listObjectsV2(r -> r.bucket("bucket")))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void anUnusableDataDirectoryIsAClearError() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> EmbeddedStorage.start(file.resolve("sub"), 0))
                .isInstanceOf(EmbeddedStorage.StorageStartException.class)
                .hasMessageContaining("cannot create the data directory");
    }
}
