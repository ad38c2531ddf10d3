package dev.pokepipe.transform;

import dev.pokepipe.testing.Fixtures;
import dev.pokepipe.testing.PngBuilder;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PngDecoderTest {

    private final PngDecoder decoder = new PngDecoder(50_000_000L);

    @Nested
    class Samples {

        @Test
        void grayOneAndTwoBitScaleToFullRange() {
            byte[] oneBit = new PngBuilder().header(8, 1, 1, 0)
                    .imageData(new byte[]{0, (byte) 0b1010_0000}).end();
            assertThat(toInts(decoder.decode(oneBit).pixels()))
                    .startsWith(255, 255, 255, 0, 0, 0, 255, 255, 255, 0, 0, 0);

            byte[] twoBit = new PngBuilder().header(4, 1, 2, 0)
                    .imageData(new byte[]{0, (byte) 0b00_01_10_11}).end();
            assertThat(toInts(decoder.decode(twoBit).pixels()))
                    .containsExactly(0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255);
        }

        @Test
        void sixteenBitGrayIsClampedNotScaled() {
            byte[] png = new PngBuilder().header(4, 1, 16, 0)
                    .imageData(new byte[]{0, 0, 5, 0, (byte) 255, 1, 0, 0x12, 0x34}).end();
            assertThat(toInts(decoder.decode(png).pixels()))
                    .containsExactly(5, 5, 5, 255, 255, 255, 255, 255, 255, 255, 255, 255);
        }

        @Test
        void paletteIndexBeyondPlteIsBlack() {
            byte[] png = new PngBuilder().header(2, 1, 8, 3)
                    .chunk("PLTE", new byte[]{10, 20, 30})
                    .imageData(new byte[]{0, 0, 7}).end();
            assertThat(toInts(decoder.decode(png).pixels())).containsExactly(10, 20, 30, 0, 0, 0);
        }

        @Test
        void rgbaKeepsTheStoredColourUnderZeroAlpha() {
            byte[] png = new PngBuilder().header(1, 1, 8, 6)
                    .imageData(new byte[]{0, (byte) 200, 100, 50, 0}).end();
            assertThat(toInts(decoder.decode(png).pixels())).containsExactly(200, 100, 50);
        }
    }

    @Nested
    class Rejects {

        @Test
        void textIsNotAPng() {
            assertThatThrownBy(() -> decoder.decode("<html>nope</html>".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("not a PNG");
        }

        @Test
        void truncatedFile() throws IOException {
            byte[] png = fixture();
            assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(png, png.length / 2)))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("truncated");
        }

        @Test
        void badCrc() throws IOException {
            byte[] png = fixture();
            png[png.length / 2] ^= 0x55;
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("bad CRC");
        }

        @Test
        void hugeHeaderBeforeAnyAllocation() {
            // 10^10 pixels: allocating them would exhaust any heap, so a clean exception shows none was.
            byte[] png = new PngBuilder().header(100_000, 100_000, 8, 6).imageData(new byte[]{0, 1, 2, 3, 4}).end();
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("100000x100000")
                    .hasMessageContaining("limit is 50000000");
            assertThatThrownBy(() -> decoder.readHeader(png)).isInstanceOf(InvalidPngException.class);
        }

        @Test
        void imageDataShorterThanTheHeaderSays() {
            byte[] png = new PngBuilder().header(4, 4, 8, 2).imageData(new byte[]{0, 1, 2, 3}).end();
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("image data ends early");
        }

        @Test
        void unknownFilterType() {
            byte[] png = new PngBuilder().header(1, 1, 8, 2).imageData(new byte[]{9, 1, 2, 3}).end();
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("filter type 9");
        }

        @Test
        void badBitDepthForColourType() {
            byte[] png = new PngBuilder().header(1, 1, 4, 6).imageData(new byte[]{0, 0}).end();
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("bit depth 4");
        }

        @Test
        void paletteWithoutPlte() {
            byte[] png = new PngBuilder().header(1, 1, 8, 3).imageData(new byte[]{0, 0}).end();
            assertThatThrownBy(() -> decoder.decode(png))
                    .isInstanceOf(InvalidPngException.class)
                    .hasMessageContaining("PLTE");
        }
    }

    private static byte[] fixture() throws IOException {
        return Files.readAllBytes(Fixtures.transformDir().resolve("rgba_475.input.png"));
    }

    private static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }
}
