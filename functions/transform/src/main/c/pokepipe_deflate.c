/*
 * JNI shim over libdeflate's zlib compressor and decompressor, for dev.pokepipe.transform.NativeDeflate.
 * libdeflate is linked statically, so the library needs nothing but libc at run time.
 * Both directions work on Java arrays pinned with GetPrimitiveArrayCritical, so nothing is copied
 * on the way in or out; no JNI call is made while an array is pinned.
 */
#include <jni.h>
#include <libdeflate.h>

JNIEXPORT jint JNICALL
Java_dev_pokepipe_transform_NativeDeflate_zlibCompressBound(JNIEnv *env, jclass cls, jint length) {
    size_t bound = libdeflate_zlib_compress_bound(NULL, (size_t) length);
    return bound > 0x7fffffff ? -1 : (jint) bound;
}

/* Compresses input[offset, offset + length) into output[outOffset, outOffset + outLength): the stream's
 * length, or 0 if it did not fit or anything failed (an OutOfMemoryError may then be pending). */
JNIEXPORT jint JNICALL
Java_dev_pokepipe_transform_NativeDeflate_zlibCompress(JNIEnv *env, jclass cls, jbyteArray input, jint offset,
                                                       jint length, jint level, jbyteArray output, jint outOffset,
                                                       jint outLength) {
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (compressor == NULL) {
        return 0;
    }
    jbyte *in = (*env)->GetPrimitiveArrayCritical(env, input, NULL);
    if (in == NULL) {
        /* The JVM could not pin the array and has an OutOfMemoryError pending; it is thrown on return. */
        libdeflate_free_compressor(compressor);
        return 0;
    }
    jbyte *out = (*env)->GetPrimitiveArrayCritical(env, output, NULL);
    if (out == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, input, in, JNI_ABORT);
        libdeflate_free_compressor(compressor);
        return 0;
    }
    size_t written = libdeflate_zlib_compress(compressor, in + offset, (size_t) length, out + outOffset,
                                              (size_t) outLength);
    (*env)->ReleasePrimitiveArrayCritical(env, output, out, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, input, in, JNI_ABORT);
    libdeflate_free_compressor(compressor);
    return (jint) written;
}

/* Inflates the zlib stream input[offset, offset + length) into exactly output[0, outLength): true only
 * if the stream is valid, its checksum matches and it holds exactly outLength bytes. */
JNIEXPORT jboolean JNICALL
Java_dev_pokepipe_transform_NativeDeflate_zlibDecompress(JNIEnv *env, jclass cls, jbyteArray input, jint offset,
                                                         jint length, jbyteArray output, jint outLength) {
    struct libdeflate_decompressor *decompressor = libdeflate_alloc_decompressor();
    if (decompressor == NULL) {
        return JNI_FALSE;
    }
    jbyte *in = (*env)->GetPrimitiveArrayCritical(env, input, NULL);
    if (in == NULL) {
        libdeflate_free_decompressor(decompressor);
        return JNI_FALSE;
    }
    jbyte *out = (*env)->GetPrimitiveArrayCritical(env, output, NULL);
    if (out == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, input, in, JNI_ABORT);
        libdeflate_free_decompressor(decompressor);
        return JNI_FALSE;
    }
    /* A NULL actual size makes a stream that holds fewer bytes LIBDEFLATE_SHORT_OUTPUT, one that holds
     * more LIBDEFLATE_INSUFFICIENT_SPACE: both are failures here. */
    enum libdeflate_result result = libdeflate_zlib_decompress(decompressor, in + offset, (size_t) length, out,
                                                               (size_t) outLength, NULL);
    (*env)->ReleasePrimitiveArrayCritical(env, output, out, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, input, in, JNI_ABORT);
    libdeflate_free_decompressor(decompressor);
    return result == LIBDEFLATE_SUCCESS ? JNI_TRUE : JNI_FALSE;
}
