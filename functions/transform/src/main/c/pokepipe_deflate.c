/*
 * JNI shim over libdeflate's zlib compressor, for dev.pokepipe.transform.NativeDeflate.
 * libdeflate is linked statically, so the library needs nothing but libc at run time.
 */
#include <jni.h>
#include <libdeflate.h>
#include <stdlib.h>

JNIEXPORT jbyteArray JNICALL
Java_dev_pokepipe_transform_NativeDeflate_zlibCompress(JNIEnv *env, jclass cls, jbyteArray input,
                                                                         jint offset, jint length, jint level) {
    struct libdeflate_compressor *compressor = libdeflate_alloc_compressor(level);
    if (compressor == NULL) {
        return NULL;
    }
    size_t bound = libdeflate_zlib_compress_bound(compressor, (size_t) length);
    void *out = malloc(bound);
    if (out == NULL) {
        libdeflate_free_compressor(compressor);
        return NULL;
    }
    jbyte *in = (*env)->GetPrimitiveArrayCritical(env, input, NULL);
    if (in == NULL) {
        /* The JVM could not pin the array and has an OutOfMemoryError pending; it is thrown on return. */
        free(out);
        libdeflate_free_compressor(compressor);
        return NULL;
    }
    size_t written = libdeflate_zlib_compress(compressor, in + offset, (size_t) length, out, bound);
    (*env)->ReleasePrimitiveArrayCritical(env, input, in, JNI_ABORT);
    libdeflate_free_compressor(compressor);
    jbyteArray result = NULL;
    if (written > 0) {
        result = (*env)->NewByteArray(env, (jsize) written);
        if (result != NULL) {
            (*env)->SetByteArrayRegion(env, result, 0, (jsize) written, (const jbyte *) out);
        }
    }
    free(out);
    return result;
}
