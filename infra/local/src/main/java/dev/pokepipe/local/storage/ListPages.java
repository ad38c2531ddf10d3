package dev.pokepipe.local.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static dev.pokepipe.local.storage.S3Error.Code.INVALID_ARGUMENT;

/**
 * One page of a ListObjectsV2 listing from the sorted keys under a prefix: keys rolled up into common
 * prefixes at the delimiter, {@code max-keys} entries, and the opaque token to continue after them.
 */
final class ListPages {

    private ListPages() {
    }

    /** Where a page starts: after a key, or after every key in a common prefix. */
    record Marker(String value, boolean commonPrefix) {

        static Marker afterKey(String key) {
            return new Marker(key, false);
        }

        static Marker ofToken(String token) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new S3Error(INVALID_ARGUMENT, "The continuation token provided is incorrect");
            }
            if (decoded.startsWith("K:")) {
                return new Marker(decoded.substring(2), false);
            }
            if (decoded.startsWith("P:")) {
                return new Marker(decoded.substring(2), true);
            }
            throw new S3Error(INVALID_ARGUMENT, "The continuation token provided is incorrect");
        }

        String token() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(((commonPrefix ? "P:" : "K:") + value).getBytes(StandardCharsets.UTF_8));
        }

        boolean passed(String key) {
            return ObjectFiles.compareUtf8(key, value) <= 0 || commonPrefix && key.startsWith(value);
        }
    }

    /** A page: its keys, its common prefixes, and a token if more follow. */
    record Page(List<String> keys, List<String> commonPrefixes, String nextToken) {
    }

    /**
     * @param keys  every key under {@code prefix}, in S3 order
     * @param after where to start, null for the beginning
     */
    static Page page(List<String> keys, String prefix, String delimiter, Marker after, int maxKeys) {
        List<String> page = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Marker last = null;
        for (String key : keys) {
            if (after != null && after.passed(key) || last != null && last.passed(key)) {
                continue;
            }
            Marker entry = entryOf(key, prefix, delimiter);
            if (page.size() + prefixes.size() == maxKeys) {
                return new Page(page, prefixes, last == null ? null : last.token());
            }
            if (entry.commonPrefix()) {
                prefixes.add(entry.value());
            } else {
                page.add(key);
            }
            last = entry;
        }
        return new Page(page, prefixes, null);
    }

    private static Marker entryOf(String key, String prefix, String delimiter) {
        if (delimiter != null) {
            int at = key.indexOf(delimiter, prefix.length());
            if (at >= 0) {
                return new Marker(key.substring(0, at + delimiter.length()), true);
            }
        }
        return Marker.afterKey(key);
    }
}
