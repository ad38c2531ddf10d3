package dev.pokepipe.local.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.DigestInputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.pokepipe.local.storage.S3Error.Code.INVALID_ARGUMENT;
import static dev.pokepipe.local.storage.S3Error.Code.INVALID_BUCKET_NAME;
import static dev.pokepipe.local.storage.S3Error.Code.KEY_TOO_LONG;
import static dev.pokepipe.local.storage.S3Error.Code.NO_SUCH_BUCKET;

/**
 * The on-disk layout: bucket {@code B} is the directory {@code dataDir/B}, object {@code K} the plain
 * file {@code dataDir/B/K}, its content type and MD5 in user extended attributes under the names
 * jclouds' filesystem provider used, so data directories S3Proxy wrote keep their metadata.
 */
final class ObjectFiles {

    /** A stored object's metadata. */
    record StoredObject(String key, Path file, long size, Instant lastModified, String etag, String contentType) {
    }

    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final String XATTR_CONTENT_TYPE = "user.content-type";
    private static final String XATTR_CONTENT_MD5 = "user.content-md5";
    /**
     * An object is written to {@code {name}-{random UUID}} beside its file and renamed into place; a
     * process killed in between leaves that file behind (the name jclouds used too).
     */
    static final Pattern INTERRUPTED_UPLOAD =
            Pattern.compile(".+-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final HexFormat HEX = HexFormat.of();

    private final Path dataDir;

    ObjectFiles(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The directory of {@code bucket}, which must be a valid S3 bucket name. */
    Path bucketDir(String bucket) {
        if (!BUCKET_NAME.matcher(bucket).matches() || bucket.contains("..")) {
            throw new S3Error(INVALID_BUCKET_NAME, "The specified bucket is not valid: " + bucket);
        }
        return dataDir.resolve(bucket);
    }

    boolean bucketExists(String bucket) {
        return Files.isDirectory(bucketDir(bucket));
    }

    /** Creates {@code bucket} unless it exists. */
    void createBucket(String bucket) throws IOException {
        Files.createDirectories(bucketDir(bucket));
    }

    /** The file of {@code bucket/key}; the bucket must exist. */
    Path fileOf(String bucket, String key) {
        Path dir = existingBucket(bucket);
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            throw new S3Error(KEY_TOO_LONG, "Your key is too long");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0) {
                throw new S3Error(INVALID_ARGUMENT, "this server stores objects as files and cannot hold the key '"
                        + key + "' (empty, '.' or '..' path segments)");
            }
        }
        return dir.resolve(key);
    }

    private Path existingBucket(String bucket) {
        Path dir = bucketDir(bucket);
        if (!Files.isDirectory(dir)) {
            throw new S3Error(NO_SUCH_BUCKET, "The specified bucket does not exist");
        }
        return dir;
    }

    /** The object {@code bucket/key}, if it exists. */
    Optional<StoredObject> find(String bucket, String key) throws IOException {
        return describe(key, fileOf(bucket, key));
    }

    private Optional<StoredObject> describe(String key, Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        }
        if (!attributes.isRegularFile()) {
            return Optional.empty();
        }
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        byte[] md5 = readXattr(xattrs, XATTR_CONTENT_MD5);
        if (md5 == null || md5.length != 16) {
            md5 = md5Of(file);
        }
        byte[] contentType = readXattr(xattrs, XATTR_CONTENT_TYPE);
        return Optional.of(new StoredObject(key, file, attributes.size(), attributes.lastModifiedTime().toInstant(),
                "\"" + HEX.formatHex(md5) + "\"",
                contentType == null ? DEFAULT_CONTENT_TYPE : new String(contentType, StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code body} to {@code bucket/key} by way of a temporary file renamed into place, so readers
     * see the old object or the new one whole; {@code check} runs on the written file before the rename.
     *
     * @return the object's ETag
     */
    String put(String bucket, String key, InputStream body, String contentType, BodyCheck check) throws IOException {
        Path file = fileOf(bucket, key);
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new S3Error(INVALID_ARGUMENT, "this server stores objects as files: '" + key
                    + "' cannot be stored below another object's file");
        }
        if (Files.isDirectory(file)) {
            throw new S3Error(INVALID_ARGUMENT, "this server stores objects as files: '" + key
                    + "' is a prefix of other objects");
        }
        Path temp = dir.resolve(file.getFileName() + "-" + UUID.randomUUID());
        try {
            MessageDigest md5 = md5();
            try (DigestInputStream in = new DigestInputStream(body, md5);
                 OutputStream out = Files.newOutputStream(temp)) {
                in.transferTo(out);
            }
            byte[] digest = md5.digest();
            check.verify(temp);
            UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(temp, UserDefinedFileAttributeView.class);
            writeXattr(xattrs, XATTR_CONTENT_MD5, digest);
            writeXattr(xattrs, XATTR_CONTENT_TYPE, (contentType == null ? DEFAULT_CONTENT_TYPE : contentType)
                    .getBytes(StandardCharsets.UTF_8));
            move(temp, file);
            return "\"" + HEX.formatHex(digest) + "\"";
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A last look at an upload's file before it becomes the object. */
    interface BodyCheck {
        /** @throws S3Error if the file must not become the object */
        void verify(Path written) throws IOException;
    }

    private static void move(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes {@code bucket/key} if it exists, and the directories its deletion left empty. */
    void delete(String bucket, String key) throws IOException {
        Path file = fileOf(bucket, key);
        if (!Files.isRegularFile(file)) {
            return;
        }
        Files.deleteIfExists(file);
        Path bucketDir = bucketDir(bucket);
        for (Path dir = file.getParent(); !dir.equals(bucketDir); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    /**
     * The keys in {@code bucket} that start with {@code prefix}, in S3's order (UTF-8 bytes, which is
     * code point order); only the directory the prefix names is walked.
     */
    List<String> keys(String bucket, String prefix) throws IOException {
        Path bucketDir = existingBucket(bucket);
        int slash = prefix.lastIndexOf('/');
        Path start = bucketDir;
        if (slash > 0) {
            try {
                start = fileOf(bucket, prefix.substring(0, slash));
            } catch (S3Error e) {
                return List.of();
            }
        }
        List<String> keys = new ArrayList<>();
        if (!Files.isDirectory(start)) {
            return keys;
        }
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file) || INTERRUPTED_UPLOAD.matcher(file.getFileName().toString()).matches()) {
                    continue;
                }
                String key = bucketDir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    keys.add(key);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        keys.sort(ObjectFiles::compareUtf8);
        return keys;
    }

    /** The object {@code key} a listing found, if it is still there. */
    Optional<StoredObject> listed(String bucket, String key) throws IOException {
        return describe(key, bucketDir(bucket).resolve(key));
    }

    /** S3's key order: UTF-8 byte order, which is code point order (not UTF-16's char order). */
    static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static byte[] readXattr(UserDefinedFileAttributeView xattrs, String name) {
        if (xattrs == null) {
            return null;
        }
        try {
            if (!xattrs.list().contains(name)) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate(xattrs.size(name));
            xattrs.read(name, buffer);
            buffer.flip();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** File systems without user attributes still store objects: their metadata falls back to defaults. */
    private static void writeXattr(UserDefinedFileAttributeView xattrs, String name, byte[] value) {
        if (xattrs == null) {
            return;
        }
        try {
            xattrs.write(name, ByteBuffer.wrap(value));
        } catch (IOException | UnsupportedOperationException e) {
            // no attribute support here: the object is kept without it
        }
    }

    private static byte[] md5Of(Path file) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return md5.digest();
    }

    /** A fresh MD5 digest: S3's ETag of a single-part object and the check of a sent Content-MD5. */
    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }
}
