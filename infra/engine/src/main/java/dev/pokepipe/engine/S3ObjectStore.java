package dev.pokepipe.engine;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.InputStream;
import java.util.Iterator;

/** An {@link ObjectStore} over an AWS SDK v2 {@link S3Client}, which the caller builds, owns and closes. */
public final class S3ObjectStore implements ObjectStore {

    private final S3Client s3;

    public S3ObjectStore(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    public InputStream open(String bucket, String key) {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot get s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Iterator<ObjectSummary> list(String bucket, String prefix) {
        // The paginator asks for the next page only when the iterator runs past the current one.
        Iterator<S3Object> pages;
        try {
            pages = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().iterator();
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return pages.hasNext();
                } catch (SdkException e) {
                    throw new ObjectStoreException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
                }
            }

            @Override
            public ObjectSummary next() {
                S3Object o = pages.next();
                return new ObjectSummary(o.key(), o.size() == null ? 0 : o.size(), o.eTag(), o.lastModified(),
                        o.storageClassAsString());
            }
        };
    }

    @Override
    public void put(String bucket, String key, byte[] content, String contentType) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new ObjectStoreException("cannot put s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
