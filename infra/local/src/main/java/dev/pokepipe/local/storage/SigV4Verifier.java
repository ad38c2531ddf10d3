package dev.pokepipe.local.storage;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.pokepipe.local.storage.S3Error.Code.ACCESS_DENIED;
import static dev.pokepipe.local.storage.S3Error.Code.AUTHORIZATION_HEADER_MALFORMED;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_ACCESS_KEY_ID;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_REQUEST;
import static dev.pokepipe.local.storage.S3Error.Code.REQUEST_TIME_TOO_SKEWED;
import static dev.pokepipe.local.storage.S3Error.Code.SIGNATURE_DOES_NOT_MATCH;

/**
 * Checks AWS Signature Version 4 in the Authorization header against the one access key and secret
 * the server accepts, the way S3 computes it: the path is encoded once (S3 does not double-encode),
 * the payload hash is the one the client declares in {@code x-amz-content-sha256}.
 */
final class SigV4Verifier {

    /** Runs of spaces inside a header value, which SigV4's canonical form squeezes to one. */
    private static final Pattern SPACES = Pattern.compile(" +");

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKey;
    private final String secretKey;
    /** Signing keys change once a day per region: deriving one costs four HMACs per request otherwise. */
    private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

    /** What a verified request was signed with: streaming bodies chain their chunk signatures from it. */
    record Signed(String signature, String amzDate, String scope, byte[] signingKey) {
    }

    /** A request as the verifier sees it; header names are lower case. */
    record Request(String method, String decodedPath, String rawQuery, Map<String, List<String>> headers) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    SigV4Verifier(String accessKey, String secretKey) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * Verifies {@code request}'s signature at time {@code now}.
     *
     * @throws S3Error with the code S3 would answer if the request is not signed by the accepted credentials
     */
    Signed verify(Request request, Instant now) {
        String authorization = request.header("authorization");
        if (authorization == null) {
            if (request.rawQuery() != null && request.rawQuery().contains("X-Amz-Signature")) {
                throw new S3Error(ACCESS_DENIED, "presigned URLs are not supported by this server");
            }
            throw new S3Error(ACCESS_DENIED, "Access Denied");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw new S3Error(INVALID_REQUEST, "only AWS Signature Version 4 (" + ALGORITHM + ") is accepted");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            throw new S3Error(AUTHORIZATION_HEADER_MALFORMED, "the authorization header is malformed");
        }
        String[] credential = m.group(1).split("/");
        if (credential.length != 5 || !"aws4_request".equals(credential[4])) {
            throw new S3Error(AUTHORIZATION_HEADER_MALFORMED, "the credential scope is malformed: " + m.group(1));
        }
        if (!MessageDigest.isEqual(credential[0].getBytes(StandardCharsets.UTF_8),
                accessKey.getBytes(StandardCharsets.UTF_8))) {
            throw new S3Error(INVALID_ACCESS_KEY_ID, "The AWS Access Key Id you provided does not exist in our records.");
        }
        String amzDate = request.header("x-amz-date");
        Instant signedAt = parse(amzDate);
        if (Duration.between(signedAt, now).abs().compareTo(ALLOWED_SKEW) > 0) {
            throw new S3Error(REQUEST_TIME_TOO_SKEWED,
                    "The difference between the request time and the current time is too large.");
        }
        if (!amzDate.startsWith(credential[1])) {
            throw new S3Error(AUTHORIZATION_HEADER_MALFORMED, "the credential date does not match x-amz-date");
        }
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash == null) {
            throw new S3Error(INVALID_REQUEST, "Missing required header for this request: x-amz-content-sha256");
        }
        String scope = credential[1] + "/" + credential[2] + "/" + credential[3] + "/aws4_request";
        String canonical = request.method() + "\n"
                + SigV4Encoding.canonicalPath(request.decodedPath()) + "\n"
                + SigV4Encoding.canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders(request, m.group(2)) + "\n"
                + m.group(2) + "\n"
                + payloadHash;
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical);
        byte[] signingKey = signingKey(credential[1], credential[2], credential[3]);
        String expected = HEX.formatHex(hmac(signingKey, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(3).getBytes(StandardCharsets.US_ASCII))) {
            throw new S3Error(SIGNATURE_DOES_NOT_MATCH,
                    "The request signature we calculated does not match the signature you provided.");
        }
        return new Signed(m.group(3), amzDate, scope, signingKey);
    }

    private static Instant parse(String amzDate) {
        if (amzDate == null) {
            throw new S3Error(ACCESS_DENIED, "AWS authentication requires a valid x-amz-date header");
        }
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new S3Error(ACCESS_DENIED, "AWS authentication requires a valid x-amz-date header");
        }
    }

    private static String canonicalHeaders(Request request, String signedHeaders) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw new S3Error(AUTHORIZATION_HEADER_MALFORMED, "signed header '" + name + "' is missing");
            }
            List<String> trimmed = new ArrayList<>(values.size());
            for (String value : values) {
                trimmed.add(SPACES.matcher(value.trim()).replaceAll(" "));
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return out.toString();
    }

    private byte[] signingKey(String date, String region, String service) {
        return signingKeys.computeIfAbsent(date + "/" + region + "/" + service, k -> {
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            return hmac(key, "aws4_request");
        });
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static String sha256Hex(String data) {
        return HEX.formatHex(sha256().digest(data.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
