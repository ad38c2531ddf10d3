package dev.pokepipe.local.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

import static dev.pokepipe.local.storage.S3Error.Code.INCOMPLETE_BODY;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_REQUEST;
import static dev.pokepipe.local.storage.S3Error.Code.SIGNATURE_DOES_NOT_MATCH;

/**
 * The object bytes of an {@code aws-chunked} request body: strips the chunk framing and trailers, and
 * for signed streams checks each chunk's signature, chained from the request's, as S3 does. A bad
 * chunk ends the stream with an error before its end is reached, so the upload is never committed.
 */
final class AwsChunkedInputStream extends InputStream {

    private static final int MAX_LINE = 4096;
    private static final HexFormat HEX = HexFormat.of();

    private final InputStream in;
    /** Null for unsigned streams. */
    private final SigV4Verifier.Signed signed;
    private final long decodedLength;
    private final MessageDigest chunkDigest = SigV4Verifier.sha256();
    private String previousSignature;
    private String chunkSignature;
    private long remaining;
    private boolean inChunk;
    private boolean done;
    private long decoded;

    /**
     * @param signed        the request's signature to chain chunk signatures from, null if chunks are unsigned
     * @param decodedLength {@code x-amz-decoded-content-length}, or -1 if the client sent none
     */
    AwsChunkedInputStream(InputStream in, SigV4Verifier.Signed signed, long decodedLength) {
        this.in = in;
        this.signed = signed;
        this.decodedLength = decodedLength;
        this.previousSignature = signed == null ? null : signed.signature();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!done && remaining == 0) {
            nextChunk();
        }
        if (done) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new S3Error(INCOMPLETE_BODY, "the aws-chunked body ended inside a chunk");
        }
        chunkDigest.update(buffer, offset, n);
        remaining -= n;
        decoded += n;
        return n;
    }

    private void nextChunk() throws IOException {
        if (inChunk) {
            if (!readLine().isEmpty()) {
                throw new S3Error(INVALID_REQUEST, "an aws-chunked chunk does not end with CRLF");
            }
            verifyChunk();
            inChunk = false;
        }
        String header = readLine();
        int semicolon = header.indexOf(';');
        String size = semicolon < 0 ? header : header.substring(0, semicolon);
        chunkSignature = null;
        if (semicolon >= 0) {
            String extension = header.substring(semicolon + 1);
            if (extension.startsWith("chunk-signature=")) {
                chunkSignature = extension.substring("chunk-signature=".length());
            }
        }
        if (signed != null && chunkSignature == null) {
            throw new S3Error(SIGNATURE_DOES_NOT_MATCH, "a chunk of a signed aws-chunked body has no signature");
        }
        long length;
        try {
            length = Long.parseLong(size.trim(), 16);
        } catch (NumberFormatException e) {
            throw new S3Error(INVALID_REQUEST, "malformed aws-chunked chunk size '" + size + "'");
        }
        chunkDigest.reset();
        if (length < 0) {
            throw new S3Error(INVALID_REQUEST, "malformed aws-chunked chunk size '" + size + "'");
        }
        if (length > 0) {
            remaining = length;
            inChunk = true;
            return;
        }
        verifyChunk();
        readTrailers();
        if (decodedLength >= 0 && decoded != decodedLength) {
            throw new S3Error(INCOMPLETE_BODY, "the aws-chunked body holds " + decoded
                    + " bytes, x-amz-decoded-content-length says " + decodedLength);
        }
        done = true;
    }

    private void verifyChunk() {
        if (signed == null) {
            return;
        }
        String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signed.amzDate() + "\n" + signed.scope() + "\n"
                + previousSignature + "\n" + SigV4Verifier.EMPTY_SHA256 + "\n" + HEX.formatHex(chunkDigest.digest());
        checkSignature(stringToSign, chunkSignature, "a chunk");
    }

    /** Reads the trailer lines up to the empty line that ends the body, checking a trailer signature. */
    private void readTrailers() throws IOException {
        StringBuilder canonical = new StringBuilder();
        String trailerSignature = null;
        for (String line = readLineOrEnd(); line != null && !line.isEmpty(); line = readLineOrEnd()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new S3Error(INVALID_REQUEST, "malformed aws-chunked trailer '" + line + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("x-amz-trailer-signature")) {
                trailerSignature = value;
            } else {
                canonical.append(name).append(':').append(value).append('\n');
            }
        }
        if (signed != null && trailerSignature != null) {
            String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + signed.amzDate() + "\n" + signed.scope() + "\n"
                    + previousSignature + "\n" + SigV4Verifier.sha256Hex(canonical.toString());
            checkSignature(stringToSign, trailerSignature, "the trailer");
        }
    }

    private void checkSignature(String stringToSign, String claimed, String what) {
        String expected = HEX.formatHex(SigV4Verifier.hmac(signed.signingKey(), stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                claimed.getBytes(StandardCharsets.US_ASCII))) {
            throw new S3Error(SIGNATURE_DOES_NOT_MATCH, "the signature of " + what + " of the aws-chunked body does not match");
        }
        previousSignature = claimed;
    }

    private String readLine() throws IOException {
        String line = readLineOrEnd();
        if (line == null) {
            throw new S3Error(INCOMPLETE_BODY, "the aws-chunked body ended before its final chunk");
        }
        return line;
    }

    /** A CRLF-terminated line without its CRLF, or null at the end of the stream; bare LF is tolerated. */
    private String readLineOrEnd() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            if (line.size() >= MAX_LINE) {
                throw new S3Error(INVALID_REQUEST, "an aws-chunked framing line is longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
