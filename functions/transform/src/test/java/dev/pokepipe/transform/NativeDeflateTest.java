package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeDeflateTest {

    /** The build compiles the shim wherever libdeflate's header is; it must then load, not fall back silently. */
    @Test
    void loadsWhereverTheBuildHadLibdeflate() {
        assumeTrue(Files.exists(Path.of("/usr/include/libdeflate.h")), "no libdeflate headers: the shim was not built");

        assertThat(NativeDeflate.available()).isTrue();
    }

    @Test
    void writesAZlibStreamThatInflatesToTheInput() throws Exception {
        assumeTrue(NativeDeflate.available(), "libdeflate is not loaded here");
        byte[] data = data();
        byte[] out = new byte[10 + NativeDeflate.zlibCompressBound(200_000)];

        int n = NativeDeflate.zlibCompress(data, 1000, 200_000, 6, out, 10, out.length - 10);

        Inflater inflater = new Inflater();
        inflater.setInput(out, 10, n);
        byte[] back = new byte[200_001];
        int inflated = inflater.inflate(back);
        assertThat(inflater.finished()).isTrue();
        assertThat(Arrays.copyOf(back, inflated)).isEqualTo(Arrays.copyOfRange(data, 1000, 201_000));
        assertThat(n).isBetween(1, 200_000);
    }

    @Test
    void reportsAStreamThatDoesNotFit() {
        assumeTrue(NativeDeflate.available(), "libdeflate is not loaded here");
        byte[] out = new byte[100];

        assertThat(NativeDeflate.zlibCompress(data(), 0, 200_000, 6, out, 0, out.length)).isZero();
    }

    @Test
    void inflatesOnlyAStreamOfExactlyTheExpectedLength() {
        assumeTrue(NativeDeflate.available(), "libdeflate is not loaded here");
        byte[] data = data();
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] stream = new byte[data.length + 1024];
        int n = deflater.deflate(stream);
        deflater.end();

        byte[] exact = new byte[data.length];
        assertThat(NativeDeflate.zlibDecompress(stream, 0, n, exact, exact.length)).isTrue();
        assertThat(exact).isEqualTo(data);
        assertThat(NativeDeflate.zlibDecompress(stream, 0, n, new byte[data.length + 1], data.length + 1)).isFalse();
        assertThat(NativeDeflate.zlibDecompress(stream, 0, n, new byte[data.length - 1], data.length - 1)).isFalse();
        stream[n - 1] ^= 1;
        assertThat(NativeDeflate.zlibDecompress(stream, 0, n, exact, exact.length)).as("bad checksum").isFalse();
    }

    private static byte[] data() {
        byte[] data = new byte[300_000];
        Random random = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251 < 200 ? i / 97 : random.nextInt());
        }
        return data;
    }
}
