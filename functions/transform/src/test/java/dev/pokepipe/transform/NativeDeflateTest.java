package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
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
        byte[] data = new byte[300_000];
        Random random = new Random(5);
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251 < 200 ? i / 97 : random.nextInt());
        }

        byte[] stream = NativeDeflate.zlibCompress(data, 1000, 200_000, 6);

        Inflater inflater = new Inflater();
        inflater.setInput(stream);
        byte[] back = new byte[200_001];
        int n = inflater.inflate(back);
        assertThat(inflater.finished()).isTrue();
        assertThat(Arrays.copyOf(back, n)).isEqualTo(Arrays.copyOfRange(data, 1000, 201_000));
        assertThat(stream.length).isLessThan(200_000);
    }
}
