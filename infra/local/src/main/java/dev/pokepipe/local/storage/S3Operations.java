package dev.pokepipe.local.storage;

import com.sun.net.httpserver.HttpExchange;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.pokepipe.local.storage.S3Error.Code.BAD_DIGEST;
import static dev.pokepipe.local.storage.S3Error.Code.ENTITY_TOO_LARGE;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_ARGUMENT;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_REQUEST;
import static dev.pokepipe.local.storage.S3Error.Code.MISSING_CONTENT_LENGTH;
import static dev.pokepipe.local.storage.S3Error.Code.NOT_IMPLEMENTED;
import static dev.pokepipe.local.storage.S3Error.Code.NO_SUCH_BUCKET;
import static dev.pokepipe.local.storage.S3Error.Code.NO_SUCH_KEY;
import static dev.pokepipe.local.storage.S3Error.Code.X_AMZ_CONTENT_SHA256_MISMATCH;

/**
 * The S3 operations pokepipe uses, on {@link ObjectFiles}: PutObject, GetObject, HeadObject,
 * DeleteObject, ListObjectsV2, CreateBucket, HeadBucket. Anything else is answered NotImplemented.
 */
final class S3Operations {

    /** Bodies larger than this are refused before they are read. */
    static final long MAX_BODY = 64L << 20;
    private static final int MAX_KEYS = 1000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Set<String> OBJECT_PARAMETERS = Set.of("x-id");
    private static final Set<String> LIST_PARAMETERS = Set.of("list-type", "prefix", "delimiter", "max-keys",
            "continuation-token", "start-after", "encoding-type", "fetch-owner", "x-id");

    /** What a request's path names: a bucket, and within it a key unless the key is empty. */
    record Target(String decodedPath, String bucket, String key) {

        static Target of(String rawPath) {
            String path = SigV4Encoding.decode(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
            String rest = path.startsWith("/") ? path.substring(1) : path;
            int slash = rest.indexOf('/');
            return slash < 0 ? new Target(path, rest, "") : new Target(path, rest.substring(0, slash), rest.substring(slash + 1));
        }
    }

    private final ObjectFiles files;

    S3Operations(ObjectFiles files) {
        this.files = files;
    }

    void perform(HttpExchange exchange, SigV4Verifier.Request request, SigV4Verifier.Signed signed, Target target)
            throws IOException {
        Map<String, String> query = SigV4Encoding.parameters(request.rawQuery());
        String method = request.method();
        if (target.bucket().isEmpty()) {
            throw notImplemented(method.equals("GET") ? "ListBuckets" : method + " /");
        }
        if (target.key().isEmpty()) {
            switch (method) {
                case "PUT" -> {
                    requireOnly(query, Set.of("x-id"), "PUT /bucket");
                    createBucket(exchange, request, target.bucket());
                }
                case "HEAD" -> headBucket(exchange, target.bucket());
                case "GET" -> {
                    if (!"2".equals(query.get("list-type"))) {
                        throw notImplemented(query.isEmpty() ? "ListObjects" : "GET /bucket?" + String.join("&", query.keySet()));
                    }
                    requireOnly(query, LIST_PARAMETERS, "GET /bucket");
                    list(exchange, target.bucket(), query);
                }
                case "DELETE" -> throw notImplemented("DeleteBucket");
                default -> throw notImplemented(method + " /bucket" + (query.isEmpty() ? "" : "?" + String.join("&", query.keySet())));
            }
            return;
        }
        requireOnly(query, OBJECT_PARAMETERS, method + " /bucket/key");
        switch (method) {
            case "PUT" -> {
                if (request.header("x-amz-copy-source") != null) {
                    throw notImplemented("CopyObject");
                }
                putObject(exchange, request, signed, target);
            }
            case "GET", "HEAD" -> {
                if (request.header("range") != null) {
                    throw notImplemented("GetObject with a Range");
                }
                getObject(exchange, target, method.equals("HEAD"));
            }
            case "DELETE" -> {
                files.delete(target.bucket(), target.key());
                send(exchange, 204, null, null);
            }
            default -> throw notImplemented(method + " /bucket/key");
        }
    }

    private void createBucket(HttpExchange exchange, SigV4Verifier.Request request, String bucket) throws IOException {
        // The body can only name a location constraint, and one machine has one location.
        try (InputStream body = new S3Server.CappedInputStream(exchange.getRequestBody(), 64 * 1024)) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        files.createBucket(bucket);
        exchange.getResponseHeaders().set("Location", "/" + bucket);
        send(exchange, 200, null, null);
    }

    private void headBucket(HttpExchange exchange, String bucket) throws IOException {
        if (!files.bucketExists(bucket)) {
            throw new S3Error(NO_SUCH_BUCKET, "The specified bucket does not exist");
        }
        exchange.getResponseHeaders().set("x-amz-bucket-region", "us-east-1");
        send(exchange, 200, null, null);
    }

    private void putObject(HttpExchange exchange, SigV4Verifier.Request request, SigV4Verifier.Signed signed,
                           Target target) throws IOException {
        String payload = request.header("x-amz-content-sha256");
        String contentLength = request.header("content-length");
        boolean lengthKnown = contentLength != null || request.header("transfer-encoding") != null;
        if (!lengthKnown) {
            throw new S3Error(MISSING_CONTENT_LENGTH, "You must provide the Content-Length HTTP header.");
        }
        InputStream body = exchange.getRequestBody();
        MessageDigest sha256 = null;
        if (payload.startsWith("STREAMING-")) {
            long decoded = parseLength(request.header("x-amz-decoded-content-length"));
            checkSize(decoded);
            SigV4Verifier.Signed chunkSigner = switch (payload) {
                case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" -> signed;
                case "STREAMING-UNSIGNED-PAYLOAD-TRAILER" -> null;
                default -> throw notImplemented("PutObject with x-amz-content-sha256: " + payload);
            };
            body = new AwsChunkedInputStream(new BufferedInputStream(body, 16 * 1024), chunkSigner, decoded);
        } else {
            checkSize(parseLength(contentLength));
            if (!payload.equals("UNSIGNED-PAYLOAD")) {
                if (!payload.matches("[0-9a-f]{64}")) {
                    throw new S3Error(INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                            + "STREAMING-... or a hex SHA-256, not " + payload);
                }
                sha256 = SigV4Verifier.sha256();
                body = new DigestInputStream(body, sha256);
            }
        }
        body = new S3Server.CappedInputStream(body, MAX_BODY);
        MessageDigest md5 = null;
        String contentMd5 = request.header("content-md5");
        if (contentMd5 != null) {
            md5 = ObjectFiles.md5();
            body = new DigestInputStream(body, md5);
        }
        MessageDigest declaredSha = sha256;
        MessageDigest declaredMd5 = md5;
        String etag = files.put(target.bucket(), target.key(), body, request.header("content-type"), written -> {
            if (declaredSha != null && !HexFormat.of().formatHex(declaredSha.digest()).equals(payload)) {
                throw new S3Error(X_AMZ_CONTENT_SHA256_MISMATCH,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
            if (declaredMd5 != null && !Base64.getEncoder().encodeToString(declaredMd5.digest()).equals(contentMd5)) {
                throw new S3Error(BAD_DIGEST, "The Content-MD5 you specified did not match what we received.");
            }
        });
        exchange.getResponseHeaders().set("ETag", etag);
        send(exchange, 200, null, null);
    }

    private void getObject(HttpExchange exchange, Target target, boolean head) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(files.fileOf(target.bucket(), target.key()), StandardOpenOption.READ);
        } catch (IOException e) {
            // Missing, below a file, or a directory some systems will not open: in each case no object.
            throw new S3Error(NO_SUCH_KEY, "The specified key does not exist.");
        }
        try (channel) {
            Optional<ObjectFiles.StoredObject> found = files.find(target.bucket(), target.key());
            if (found.isEmpty()) {
                throw new S3Error(NO_SUCH_KEY, "The specified key does not exist.");
            }
            ObjectFiles.StoredObject object = found.get();
            long size = channel.size();
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", object.contentType());
            headers.set("ETag", object.etag());
            headers.set("Last-Modified", HTTP_DATE.format(object.lastModified()));
            headers.set("Accept-Ranges", "bytes");
            if (head) {
                headers.set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = exchange.getResponseBody()) {
                Channels.newInputStream(channel).transferTo(out);
            }
        }
    }

    private void list(HttpExchange exchange, String bucket, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        if (delimiter != null && delimiter.isEmpty()) {
            delimiter = null;
        }
        int maxKeys = MAX_KEYS;
        if (query.containsKey("max-keys")) {
            try {
                maxKeys = Math.min(MAX_KEYS, Integer.parseInt(query.get("max-keys")));
            } catch (NumberFormatException e) {
                throw new S3Error(INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range");
            }
            if (maxKeys < 0) {
                throw new S3Error(INVALID_ARGUMENT, "max-keys must not be negative");
            }
        }
        String encoding = query.get("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw new S3Error(INVALID_ARGUMENT, "Invalid Encoding Method specified in Request");
        }
        String token = query.get("continuation-token");
        ListPages.Marker after = token != null ? ListPages.Marker.ofToken(token)
                : query.containsKey("start-after") ? ListPages.Marker.afterKey(query.get("start-after")) : null;
        List<String> keys = files.keys(bucket, prefix);
        ListPages.Page page = ListPages.page(keys, prefix, delimiter, after, maxKeys);
        List<ObjectFiles.StoredObject> contents = new ArrayList<>(page.keys().size());
        for (String key : page.keys()) {
            files.listed(bucket, key).ifPresent(contents::add);
        }
        byte[] xml = S3Xml.listBucketResult(new S3Xml.ListPage(bucket, prefix, delimiter, query.get("start-after"),
                token, maxKeys, encoding != null, contents, page.commonPrefixes(), page.nextToken()));
        send(exchange, 200, "application/xml", xml);
    }

    private static void checkSize(long length) {
        if (length > MAX_BODY) {
            throw new S3Error(ENTITY_TOO_LARGE, "Your proposed upload exceeds the maximum allowed size of "
                    + MAX_BODY + " bytes");
        }
    }

    private static long parseLength(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.trim());
            if (length < 0) {
                throw new NumberFormatException(value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw new S3Error(INVALID_REQUEST, "malformed length header: " + value);
        }
    }

    private static void requireOnly(Map<String, String> query, Set<String> allowed, String where) {
        for (String name : query.keySet()) {
            if (!allowed.contains(name)) {
                throw notImplemented(where + "?" + name);
            }
        }
    }

    private static S3Error notImplemented(String operation) {
        return new S3Error(NOT_IMPLEMENTED, "pokepipe's embedded S3 server does not implement " + operation);
    }

    /** Sends {@code body} whole with its Content-Length; a HEAD request gets the headers only. */
    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        if (head || body == null || body.length == 0) {
            if (head) {
                exchange.getResponseHeaders().set("Content-Length", "0");
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
