package dev.pokepipe.transform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * libdeflate's zlib compressor and decompressor through a small JNI shim
 * ({@code src/main/c/pokepipe_deflate.c}), built into the jar when the build machine has libdeflate's
 * headers: it compresses the filtered scanlines and inflates the decoder's image data in one call each,
 * faster than zlib (docs/benchmarks.md has the figures). Where the library is not in the jar or cannot
 * load (another OS or CPU, an older libc), {@link #available()} is false and the codec uses
 * {@link java.util.zip.Deflater} and {@link java.util.zip.Inflater}.
 */
final class NativeDeflate {

    /** Built by the native-deflate profile for the build machine's CPU, named as {@code uname -m} names it. */
    private static final String LIBRARY = "/native/linux-" + machine() + "/libpokepipe_deflate.so";
    private static final boolean AVAILABLE = load();

    private NativeDeflate() {
    }

    /** True when the native compressor loaded. */
    static boolean available() {
        return AVAILABLE;
    }

    /** The most bytes {@link #zlibCompress} can write for {@code length} input bytes at any level; -1 past an int. */
    static native int zlibCompressBound(int length);

    /**
     * Writes a complete zlib stream of {@code input[offset, offset + length)} into
     * {@code output[outOffset, outOffset + outLength)}.
     *
     * @return the stream's length, or 0 if it did not fit or compression failed
     */
    static native int zlibCompress(byte[] input, int offset, int length, int level, byte[] output, int outOffset,
                                   int outLength);

    /**
     * Inflates the zlib stream {@code input[offset, offset + length)} into {@code output[0, outLength)}.
     *
     * @return true only if the stream is valid, its checksum matches, and it holds exactly {@code outLength} bytes
     */
    static native boolean zlibDecompress(byte[] input, int offset, int length, byte[] output, int outLength);

    /** The JVM's name for the CPU ({@code amd64}) as the kernel's ({@code x86_64}); the same for {@code aarch64}. */
    private static String machine() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("amd64") ? "x86_64" : arch;
    }

    private static boolean load() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")
                || Boolean.getBoolean("pokepipe.deflate.java")) {
            return false;
        }
        try (InputStream in = NativeDeflate.class.getResourceAsStream(LIBRARY)) {
            if (in == null) {
                return false;
            }
            Path file = Files.createTempFile("pokepipe-deflate", ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().deleteOnExit();
            System.load(file.toAbsolutePath().toString());
            byte[] sample = {1, 2, 3};
            byte[] stream = new byte[zlibCompressBound(sample.length)];
            int written = zlibCompress(sample, 0, sample.length, 6, stream, 0, stream.length);
            byte[] back = new byte[sample.length];
            return written > 0 && zlibDecompress(stream, 0, written, back, back.length)
                    && java.util.Arrays.equals(back, sample);
        } catch (IOException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
