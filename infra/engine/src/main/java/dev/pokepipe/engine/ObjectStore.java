package dev.pokepipe.engine;

import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;

/**
 * The S3 operations a Distributed Map needs: reading an item file, listing objects as items, and
 * writing result files. The engine holds no object in memory whole: reads are streams, listings
 * are pages fetched as the iterator advances, writes are parts of bounded size.
 */
public interface ObjectStore {

    /**
     * Opens an object's content; the caller closes the stream.
     *
     * @throws ObjectStoreException if the object cannot be read
     */
    InputStream open(String bucket, String key);

    /**
     * The objects under {@code prefix} in key order, fetched a page at a time as the iterator advances.
     *
     * @throws ObjectStoreException if the bucket cannot be listed
     */
    Iterator<ObjectSummary> list(String bucket, String prefix);

    /**
     * Writes one object.
     *
     * @throws ObjectStoreException if the object cannot be written
     */
    void put(String bucket, String key, byte[] content, String contentType);

    /** One listed object, with the fields an {@code s3:listObjectsV2} ItemReader gives each item. */
    record ObjectSummary(String key, long size, String eTag, Instant lastModified, String storageClass) {
    }

    /** An S3 request failed; the Map fails with States.ItemReaderFailed or States.ResultWriterFailed. */
    final class ObjectStoreException extends RuntimeException {
        public ObjectStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The store of an engine that was given none: every Distributed Map with S3 access fails. */
    ObjectStore NONE = new ObjectStore() {
        @Override
        public InputStream open(String bucket, String key) {
            throw new ObjectStoreException("the engine has no object store (LocalEngine.Builder.objectStore)", null);
        }

        @Override
        public Iterator<ObjectSummary> list(String bucket, String prefix) {
            throw new ObjectStoreException("the engine has no object store (LocalEngine.Builder.objectStore)", null);
        }

        @Override
        public void put(String bucket, String key, byte[] content, String contentType) {
            throw new ObjectStoreException("the engine has no object store (LocalEngine.Builder.objectStore)", null);
        }
    };
}
