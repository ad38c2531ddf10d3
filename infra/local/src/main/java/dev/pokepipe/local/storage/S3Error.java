package dev.pokepipe.local.storage;

/**
 * A request the embedded S3 server answers with an S3 error: each failure mode is one S3 error code,
 * with the HTTP status S3 gives it, so that S3 clients map it as they would S3's own answer.
 */
final class S3Error extends RuntimeException {

    /** The S3 error codes this server answers, with their HTTP status. */
    enum Code {
        ACCESS_DENIED(403, "AccessDenied"),
        AUTHORIZATION_HEADER_MALFORMED(400, "AuthorizationHeaderMalformed"),
        BAD_DIGEST(400, "BadDigest"),
        ENTITY_TOO_LARGE(400, "EntityTooLarge"),
        INCOMPLETE_BODY(400, "IncompleteBody"),
        INTERNAL_ERROR(500, "InternalError"),
        INVALID_ACCESS_KEY_ID(403, "InvalidAccessKeyId"),
        INVALID_ARGUMENT(400, "InvalidArgument"),
        INVALID_BUCKET_NAME(400, "InvalidBucketName"),
        INVALID_REQUEST(400, "InvalidRequest"),
        KEY_TOO_LONG(400, "KeyTooLongError"),
        MISSING_CONTENT_LENGTH(411, "MissingContentLength"),
        NO_SUCH_BUCKET(404, "NoSuchBucket"),
        NO_SUCH_KEY(404, "NoSuchKey"),
        NOT_IMPLEMENTED(501, "NotImplemented"),
        REQUEST_TIME_TOO_SKEWED(403, "RequestTimeTooSkewed"),
        SIGNATURE_DOES_NOT_MATCH(403, "SignatureDoesNotMatch"),
        X_AMZ_CONTENT_SHA256_MISMATCH(400, "XAmzContentSHA256Mismatch");

        final int status;
        final String s3Name;

        Code(int status, String s3Name) {
            this.status = status;
            this.s3Name = s3Name;
        }
    }

    final Code code;

    S3Error(Code code, String message) {
        super(message);
        this.code = code;
    }
}
