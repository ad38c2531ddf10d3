package dev.pokepipe.pipeline.store;

import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.ObjectNotFoundException;
import dev.pokepipe.pipeline.exceptions.StorageRejectedException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pipeline's reads and writes of S3 objects, with S3's failures translated into the pipeline's
 * typed exceptions: transient ones the state machine retries, permanent ones it reports.
 */
public final class ImageStore {

    private final S3Client s3;

    public ImageStore(S3Client s3) {
        this.s3 = s3;
    }

    /** Writes {@code bytes} to {@code bucket/key} with the given content type. */
    public void put(String bucket, String key, byte[] bytes, String contentType) {
        call(bucket, key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType)
                .contentLength((long) bytes.length), RequestBody.fromBytes(bytes)));
    }

    /** Whether {@code bucket/key} exists (a HEAD request). */
    public boolean exists(String bucket, String key) {
        try {
            call(bucket, key, () -> s3.headObject(b -> b.bucket(bucket).key(key)));
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * Reads {@code bucket/key} whole, refusing objects over {@code maxBytes} without reading past the cap.
     *
     * @throws ObjectNotFoundException if there is no such object
     * @throws ImageTooLargeException  if the object is larger than {@code maxBytes}
     */
    public byte[] get(String bucket, String key, long maxBytes) {
        return call(bucket, key, () -> {
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                Long length = in.response().contentLength();
                if (length != null && length > maxBytes) {
                    in.abort();
                    throw new ImageTooLargeException("s3://" + bucket + "/" + key + " is " + length
                            + " bytes, over the limit of " + maxBytes);
                }
                return BoundedRead.readAtMost(in, maxBytes, () -> "s3://" + bucket + "/" + key);
            } catch (IOException e) {
                throw new StorageUnavailableException("reading s3://" + bucket + "/" + key + " failed: " + e, e);
            }
        });
    }

    /**
     * Opens {@code bucket/key} for reading as a stream, for objects read piece by piece whatever their size
     * (a run's id list, a Map's results files); the caller closes it. Read errors surface as
     * {@link IOException}s of the stream.
     *
     * @throws ObjectNotFoundException if there is no such object
     */
    public InputStream open(String bucket, String key) {
        return call(bucket, key, () -> s3.getObject(b -> b.bucket(bucket).key(key)));
    }

    /**
     * Like {@link #get}, but an object that does not exist is empty rather than an error.
     */
    public Optional<byte[]> find(String bucket, String key, long maxBytes) {
        try {
            return Optional.of(get(bucket, key, maxBytes));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    private static <T> T call(String bucket, String key, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException("s3://" + bucket + "/" + key + " does not exist", e);
        } catch (S3Exception e) {
            String what = "S3 answered " + e.statusCode() + " (" + errorCode(e) + ") for s3://" + bucket + "/" + key;
            if (e.statusCode() >= 500 || e.statusCode() == 429 || e.isThrottlingException()) {
                throw new StorageUnavailableException(what, e);
            }
            if (e.statusCode() == 404 && "NoSuchKey".equals(errorCode(e))) {
                throw new ObjectNotFoundException("s3://" + bucket + "/" + key + " does not exist", e);
            }
            if (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null) {
                // S3 names every error it answers; an answer without a code came from something else on the
                // endpoint, such as a server still starting up, and is worth another try.
                throw new StorageUnavailableException(what + ": not an S3 error answer", e);
            }
            throw new StorageRejectedException(what, e);
        } catch (SdkClientException e) {
            throw new StorageUnavailableException("cannot reach S3 for s3://" + bucket + "/" + key + ": "
                    + e.getMessage(), e);
        } catch (SdkException | UncheckedIOException e) {
            throw new StorageUnavailableException("S3 request for s3://" + bucket + "/" + key + " failed: "
                    + e.getMessage(), e);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? "no error code" : e.awsErrorDetails().errorCode();
    }
}
