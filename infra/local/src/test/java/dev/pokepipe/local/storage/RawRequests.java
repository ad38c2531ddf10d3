package dev.pokepipe.local.storage;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Requests signed by the AWS SDK's own SigV4 signer and then changed on the way, which no SDK client
 * would send: how tests show the server refuses what the signature does not cover.
 */
final class RawRequests {

    private static final Set<String> SET_BY_HTTP_CLIENT = Set.of("host", "content-length", "connection");

    private final EmbeddedStorage storage;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    RawRequests(EmbeddedStorage storage) {
        this.storage = storage;
    }

    /** A PUT signed with the SHA-256 of one body that sends another of the same length. */
    HttpResponse<String> putWithBodyUnlikeItsHash(String bucket, String key) throws Exception {
        byte[] signedBody = "the body that was signed".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "the body that was sent!!".getBytes(StandardCharsets.UTF_8);
        return send(sign(put(bucket, key, sha256Hex(signedBody)), signedBody, false), sentBody);
    }

    /** A PUT whose x-amz-content-sha256 header is replaced after signing, with a body that matches the new one. */
    HttpResponse<String> putWithTamperedHashHeader(String bucket, String key) throws Exception {
        byte[] body = "original".getBytes(StandardCharsets.UTF_8);
        byte[] other = "tampered".getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = sign(put(bucket, key, sha256Hex(body)), body, false);
        SdkHttpRequest tampered = signed.request().toBuilder().putHeader("x-amz-content-sha256", sha256Hex(other)).build();
        return send(tampered, other);
    }

    /** An aws-chunked PUT, signed chunk by chunk, with {@code flip} deciding whether one data byte is changed. */
    HttpResponse<String> putChunked(String bucket, String key, byte[] body, boolean flip) throws Exception {
        SdkHttpRequest request = put(bucket, key, "STREAMING-AWS4-HMAC-SHA256-PAYLOAD").toBuilder()
                .putHeader("Content-Encoding", "aws-chunked")
                .putHeader("Content-Length", Integer.toString(body.length))
                .putHeader("x-amz-decoded-content-length", Integer.toString(body.length)).build();
        SignedRequest signed = sign(request, body, true);
        byte[] framed;
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            framed = in.readAllBytes();
        }
        if (flip) {
            // A body of one chunk is nearly all data: its middle byte is one.
            framed[framed.length / 2] ^= 1;
        }
        return send(signed.request(), framed);
    }

    /** The status line of a PUT that announces a body over the cap and sends none. */
    String statusOfOversizedPut(String bucket, String key, long length) throws IOException {
        SdkHttpRequest request = put(bucket, key, "UNSIGNED-PAYLOAD").toBuilder()
                .putHeader("Content-Length", Long.toString(length)).build();
        SdkHttpRequest signed = sign(request, new byte[0], false).request();
        try (Socket socket = new Socket("127.0.0.1", storage.endpoint().getPort())) {
            StringBuilder head = new StringBuilder("PUT " + signed.encodedPath() + " HTTP/1.1\r\n");
            for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
                head.append(header.getKey()).append(": ").append(String.join(",", header.getValue())).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The server keeps the connection open for a body that never comes: read the answer, not to the end.
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (!answer.toString().endsWith("</Error>")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                answer.append((char) b);
            }
            return answer.toString();
        }
    }

    private SdkHttpRequest put(String bucket, String key, String payloadHash) {
        return SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(URI.create(storage.endpoint() + "/" + bucket + "/" + key))
                .putHeader("x-amz-content-sha256", payloadHash)
                .build();
    }

    private SignedRequest sign(SdkHttpRequest request, byte[] body, boolean chunked) {
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(storage.accessKey(), storage.secretKey()))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, chunked));
    }

    private HttpResponse<String> send(SignedRequest signed, byte[] body) throws Exception {
        return send(signed.request(), body);
    }

    private HttpResponse<String> send(SdkHttpRequest request, byte[] body) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri())
                .method(request.method().name(), HttpRequest.BodyPublishers.ofByteArray(body));
        request.forEachHeader((name, values) -> {
            if (!SET_BY_HTTP_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sha256Hex(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
