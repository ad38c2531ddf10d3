package dev.pokepipe.local.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pokepipe.local.storage.S3Error.Code.INVALID_ARGUMENT;

/**
 * Percent-decoding of what a client sent and SigV4's percent-encoding of it again: clients differ in
 * which characters they escape, so the canonical form is rebuilt from the decoded text, not copied.
 */
final class SigV4Encoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private SigV4Encoding() {
    }

    /** Decodes {@code %XX} escapes as UTF-8; a {@code +} stays a plus, as in a path. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new S3Error(INVALID_ARGUMENT, "malformed percent-encoding in " + raw);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new S3Error(INVALID_ARGUMENT, "malformed percent-encoding in " + raw);
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < raw.length()) {
                    utf8 = raw.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new S3Error(INVALID_ARGUMENT, "percent-encoding that is not UTF-8 in " + raw);
        }
    }

    /** SigV4's URI encoding: everything but unreserved characters escaped, {@code /} kept if asked. */
    static String encode(String text, boolean keepSlash) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && keepSlash) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** The canonical URI of a decoded path: S3 encodes it once, slashes kept. */
    static String canonicalPath(String decodedPath) {
        return decodedPath.isEmpty() ? "/" : encode(decodedPath, true);
    }

    /** The query parameters, decoded, in their order; a parameter without {@code =} has value "". */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] pair : pairs(rawQuery)) {
            out.putIfAbsent(pair[0], pair[1]);
        }
        return out;
    }

    /** The canonical query string: parameters encoded by SigV4's rules, sorted by name, then value. */
    static String canonicalQuery(String rawQuery) {
        List<String[]> encoded = new ArrayList<>();
        for (String[] pair : pairs(rawQuery)) {
            encoded.add(new String[]{encode(pair[0], false), encode(pair[1], false)});
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : encoded) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    private static List<String[]> pairs(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(new String[]{decode(name), decode(value)});
        }
        return out;
    }
}
