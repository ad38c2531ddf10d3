package dev.pokepipe.transform;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PixelTransposeTest {

    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"1, 1", "1, 7", "7, 1", "2, 3", "17, 16", "16, 17", "33, 5", "100, 41"})
    void everyPixelLandsOnItsMirrorAndTwiceIsTheImage(int w, int h) {
        byte[] src = new byte[w * h * 3];
        new Random(w * 31L + h).nextBytes(src);
        byte[] turned = new byte[src.length];
        byte[] back = new byte[src.length];
        try (RowBands three = RowBands.of(3)) {
            for (RowBands bands : new RowBands[]{RowBands.SEQUENTIAL, three}) {
                PixelTranspose.apply(src, w, h, turned, bands);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int c = 0; c < 3; c++) {
                            assertThat(turned[(x * h + y) * 3 + c]).isEqualTo(src[(y * w + x) * 3 + c]);
                        }
                    }
                }
                PixelTranspose.apply(turned, h, w, back, bands);
                assertThat(back).isEqualTo(src);
            }
        }
    }
}
