package dev.pokepipe.local.storage;

import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded server's S3 operations, through the AWS SDK v2 client the pipeline uses. */
class S3ServerTest {

    @TempDir
    Path dir;
    EmbeddedStorage storage;
    S3Client s3;

    @BeforeEach
    void start() {
        storage = EmbeddedStorage.start(dir, 0);
        storage.ensureBucket("bucket");
        s3 = S3ClientFactory.create(storage.clientSettings());
    }

    @AfterEach
    void stop() {
        s3.close();
        storage.close();
    }

    @Test
    void getAndHeadAnswerWhatWasPut() throws Exception {
        byte[] png = bytes(5000, 1);
        s3.putObject(r -> r.bucket("bucket").key("runs/r1/raw/001.png").contentType("image/png"),
                RequestBody.fromBytes(png));

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("bucket").key("runs/r1/raw/001.png"));
        HeadObjectResponse head = s3.headObject(r -> r.bucket("bucket").key("runs/r1/raw/001.png"));

        String md5 = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(png)) + "\"";
        assertThat(got.asByteArray()).isEqualTo(png);
        assertThat(got.response().contentType()).isEqualTo("image/png");
        assertThat(got.response().contentLength()).isEqualTo(5000L);
        assertThat(got.response().eTag()).isEqualTo(md5);
        assertThat(got.response().lastModified()).isNotNull();
        assertThat(head.contentLength()).isEqualTo(5000L);
        assertThat(head.eTag()).isEqualTo(md5);
        assertThat(head.contentType()).isEqualTo("image/png");
    }

    @Test
    void anObjectPutWithoutContentTypeIsOctetStreamAndAnEmptyOneIsEmpty() {
        s3.putObject(r -> r.bucket("bucket").key("empty"), RequestBody.empty());

        ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(r -> r.bucket("bucket").key("empty"));
        assertThat(got.asByteArray()).isEmpty();
        assertThat(got.response().contentType()).isIn("application/octet-stream", "binary/octet-stream");
    }

    @Test
    void listingPaginatesInKeyOrderWithinThePrefix() {
        List<String> keys = List.of("runs/r1/a", "runs/r1/b/c", "runs/r1/b-c", "runs/r1/z", "runs/r1/\u00e9",
                "runs/r1/b/a", "runs/r1/0");
        for (String key : keys) {
            s3.putObject(r -> r.bucket("bucket").key(key), RequestBody.fromString(key));
        }
        s3.putObject(r -> r.bucket("bucket").key("runs/r10/x"), RequestBody.fromString("x"));
        s3.putObject(r -> r.bucket("bucket").key("other"), RequestBody.fromString("x"));

        List<ListObjectsV2Response> pages = new ArrayList<>();
        s3.listObjectsV2Paginator(r -> r.bucket("bucket").prefix("runs/r1/").maxKeys(2)).forEach(pages::add);

        assertThat(pages).hasSize(4);
        assertThat(pages).extracting(ListObjectsV2Response::keyCount).containsExactly(2, 2, 2, 1);
        assertThat(pages).extracting(ListObjectsV2Response::isTruncated).containsExactly(true, true, true, false);
        assertThat(pages.stream().flatMap(p -> p.contents().stream()).map(S3Object::key)).containsExactly(
                "runs/r1/0", "runs/r1/a", "runs/r1/b-c", "runs/r1/b/a", "runs/r1/b/c", "runs/r1/z", "runs/r1/\u00e9");
        S3Object first = pages.get(0).contents().get(0);
        assertThat(first.size()).isEqualTo(9L);
        assertThat(first.eTag()).startsWith("\"").hasSize(34);
        assertThat(first.lastModified()).isNotNull();
        assertThat(first.storageClassAsString()).isEqualTo("STANDARD");

        assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("runs/r1/").startAfter("runs/r1/b/c")).contents())
                .extracting(S3Object::key).containsExactly("runs/r1/z", "runs/r1/\u00e9");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("runs/r").delimiter("/")).commonPrefixes())
                .extracting(p -> p.prefix()).containsExactly("runs/r1/", "runs/r10/");
        assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("nothing/")).contents()).isEmpty();
    }

    @Test
    void missingKeysAndBucketsAreTheSdksExceptions() {
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("bucket").key("missing.png")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.headObject(r -> r.bucket("bucket").key("missing.png")))
                .isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.getObjectAsBytes(r -> r.bucket("nobucket").key("k")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.listObjectsV2(r -> r.bucket("nobucket")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThatThrownBy(() -> s3.headBucket(r -> r.bucket("nobucket")))
                .isInstanceOf(NoSuchBucketException.class);
        assertThat(new ImageStore(s3).find("bucket", "missing.png", 1000)).isEmpty();
    }

    @Test
    void bucketsAreCreatedAndObjectsDeleted() {
        s3.createBucket(r -> r.bucket("second"));
        s3.headBucket(r -> r.bucket("second"));
        s3.putObject(r -> r.bucket("second").key("a/b/c"), RequestBody.fromString("x"));

        s3.deleteObject(r -> r.bucket("second").key("a/b/c"));
        s3.deleteObject(r -> r.bucket("second").key("never-was"));

        assertThat(storage.fileOf("second", "a/b/c")).doesNotExist();
        assertThat(storage.dataDir().resolve("second")).isEmptyDirectory();
    }

    @Test
    void operationsItDoesNotImplementAreNamedInA501() {
        s3.putObject(r -> r.bucket("bucket").key("k"), RequestBody.fromString("x"));
        assertThatThrownBy(() -> s3.copyObject(r -> r.sourceBucket("bucket").sourceKey("k")
                .destinationBucket("bucket").destinationKey("k2")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(501);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("CopyObject");
                });
    }

    @Test
    void aWrongSecretIsSignatureDoesNotMatch() {
        S3ClientFactory.Settings wrong = S3ClientFactory.Settings.endpoint(storage.endpoint(), storage.accessKey(),
                storage.secretKey() + "x");
        try (S3Client stranger = S3ClientFactory.create(wrong)) {
            assertThatThrownBy(() -> stranger.getObjectAsBytes(r -> r.bucket("bucket").key("k")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void anUploadFromAClientWithChunkedEncodingOnIsDecoded() throws Exception {
        byte[] big = bytes(300_000, 2);
        for (boolean trailingChecksum : new boolean[]{false, true}) {
            List<String> payloads = new CopyOnWriteArrayList<>();
            try (S3Client chunked = chunkedClient(trailingChecksum, payloads)) {
                String key = "chunked/" + trailingChecksum + ".bin";
                chunked.putObject(r -> r.bucket("bucket").key(key).contentType("application/x-test"),
                        RequestBody.fromBytes(big));

                assertThat(payloads).singleElement().asString().startsWith("STREAMING-");
                assertThat(storage.fileOf("bucket", key)).hasBinaryContent(big);
                assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket").key(key)).asByteArray()).isEqualTo(big);
            }
        }
    }

    @Test
    void anOutageClosesThePortAndServingResumesOnIt() throws Exception {
        s3.putObject(r -> r.bucket("bucket").key("k"), RequestBody.fromString("before"));
        int port = storage.endpoint().getPort();

        CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
            try {
                storage.interrupt(Duration.ofMillis(600));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            }
        }).isInstanceOf(ConnectException.class);
        outage.join();

        assertThat(storage.endpoint().getPort()).isEqualTo(port);
        assertThat(s3.getObjectAsBytes(r -> r.bucket("bucket").key("k")).asUtf8String()).isEqualTo("before");
    }

    @Test
    void aFailedUploadLeavesNeitherObjectNorTemporaryFile() throws Exception {
        RawRequests raw = new RawRequests(storage);
        assertThat(raw.putWithBodyUnlikeItsHash("bucket", "runs/r1/raw/1.png").statusCode()).isEqualTo(400);
        try (Stream<Path> files = Files.walk(dir.resolve("bucket"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aPayloadHashChangedAfterSigningIsRefused() throws Exception {
        RawRequests raw = new RawRequests(storage);
        var answer = raw.putWithTamperedHashHeader("bucket", "k");
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(storage.fileOf("bucket", "k")).doesNotExist();
    }

    @Test
    void aChunkChangedAfterSigningIsRefusedAndAnIntactOneStored() throws Exception {
        RawRequests raw = new RawRequests(storage);
        byte[] body = bytes(50_000, 3);

        var tampered = raw.putChunked("bucket", "k", body, true);
        assertThat(tampered.statusCode()).isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        assertThat(storage.fileOf("bucket", "k")).doesNotExist();

        assertThat(raw.putChunked("bucket", "k", body, false).statusCode()).isEqualTo(200);
        assertThat(storage.fileOf("bucket", "k")).hasBinaryContent(body);
    }

    @Test
    void aBodyOverTheCapIsRefusedBeforeItIsRead() throws Exception {
        String answer = new RawRequests(storage).statusOfOversizedPut("bucket", "big", S3Operations.MAX_BODY + 1);
        assertThat(answer).startsWith("HTTP/1.1 400").contains("<Code>EntityTooLarge</Code>");
        assertThat(storage.fileOf("bucket", "big")).doesNotExist();
    }

    @Test
    void anUploadInProgressIsNotListed() throws Exception {
        s3.putObject(r -> r.bucket("bucket").key("runs/r1/1.png"), RequestBody.fromString("x"));
        Files.write(storage.fileOf("bucket", "runs/r1/2.png-0f8fad5b-d9cb-469f-a165-70867728950e"), new byte[]{9});

        assertThat(s3.listObjectsV2(r -> r.bucket("bucket").prefix("runs/")).contents())
                .extracting(S3Object::key).containsExactly("runs/r1/1.png");
    }

    @Test
    void aFileS3ProxyWroteKeepsItsContentType() throws Exception {
        Path file = Files.createDirectories(storage.fileOf("bucket", "old").getParent()).resolve("old");
        Files.write(file, new byte[]{1});
        var xattrs = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        xattrs.write("user.content-type", ByteBuffer.wrap("image/png".getBytes(StandardCharsets.UTF_8)));

        assertThat(s3.headObject(r -> r.bucket("bucket").key("old")).contentType()).isEqualTo("image/png");
    }

    private S3Client chunkedClient(boolean trailingChecksum, List<String> payloads) {
        return S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(storage.endpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(storage.accessKey(), storage.secretKey())))
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(true).build())
                .requestChecksumCalculation(trailingChecksum
                        ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        context.httpRequest().firstMatchingHeader("x-amz-content-sha256").ifPresent(payloads::add);
                    }
                }))
                .build();
    }

    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
