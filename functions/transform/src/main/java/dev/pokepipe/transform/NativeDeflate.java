package dev.pokepipe.transform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * libdeflate's zlib compressor through a small JNI shim ({@code src/main/c/pokepipe_deflate.c}),
 * built into the jar when the build machine has libdeflate's headers: it compresses the filtered
 * scanlines faster than zlib at the same level (docs/benchmarks.md has the figures). Where the library is
 * not in the jar or cannot load (another OS or CPU, an older libc), {@link #available()} is false
 * and the encoder uses {@link java.util.zip.Deflater}.
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

    /** A complete zlib stream of {@code input[offset, offset + length)}, or null if compression failed. */
    static native byte[] zlibCompress(byte[] input, int offset, int length, int level);

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
            return zlibCompress(new byte[]{1, 2, 3}, 0, 3, 6) != null;
        } catch (IOException | LinkageError | SecurityException e) {
            return false;
        }
    }
}
