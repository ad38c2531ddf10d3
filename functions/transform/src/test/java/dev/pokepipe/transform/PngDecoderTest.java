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

    /** libdeflate's one-call inflate and the streaming java.util.zip one give the same pixels and errors. */
    @Nested
    class BothInflaters {

        private final PngDecoder streaming = new PngDecoder(50_000_000L, false);
        private final PngDecoder oneCall = new PngDecoder(50_000_000L, true);

        @Test
        void everyFixtureInput() throws IOException {
            try (var files = Files.list(Fixtures.transformDir())) {
                for (var file : files.filter(f -> f.toString().endsWith(".input.png")).toList()) {
                    byte[] png = Files.readAllBytes(file);
                    assertThat(oneCall.decode(png).pixels()).as("%s", file).isEqualTo(streaming.decode(png).pixels());
                }
            }
        }

        @Test
        void interlacedRowsOfEveryFilterType() {
            for (int[] size : new int[][]{{1, 1}, {3, 2}, {9, 9}, {33, 17}}) {
                for (int colorType : new int[]{2, 6}) {
                    byte[] png = interlaced(size[0], size[1], colorType, size[0] * 31L + colorType);
                    assertThat(oneCall.decode(png).pixels()).isEqualTo(streaming.decode(png).pixels());
                }
            }
        }

        @Test
        void imageDataSpreadOverSeveralChunks() {
            byte[] raw = rows(40, 30, 6, 3);
            byte[] stream = deflate(raw);
            PngBuilder builder = new PngBuilder().header(40, 30, 8, 6);
            for (int at = 0; at < stream.length; at += 100) {
                builder.chunk("IDAT", Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 100)));
            }
            byte[] png = builder.end();
            byte[] single = new PngBuilder().header(40, 30, 8, 6).imageData(raw).end();
            assertThat(oneCall.decode(png).pixels()).isEqualTo(streaming.decode(single).pixels());
        }

        @Test
        void dataPastTheLastRowIsIgnoredAsBefore() {
            byte[] raw = rows(8, 8, 2, 4);
            byte[] png = new PngBuilder().header(8, 8, 8, 2).imageData(Arrays.copyOf(raw, raw.length + 50)).end();
            assertThat(oneCall.decode(png).pixels()).isEqualTo(streaming.decode(png).pixels());
        }

        @Test
        void shortDataAndBadFiltersFailAlike() {
            byte[] shortData = new PngBuilder().header(4, 4, 8, 2).imageData(new byte[]{0, 1, 2, 3}).end();
            assertThatThrownBy(() -> oneCall.decode(shortData)).hasMessageContaining("image data ends early");
            byte[] badFilter = new PngBuilder().header(1, 1, 8, 2).imageData(new byte[]{9, 1, 2, 3}).end();
            assertThatThrownBy(() -> oneCall.decode(badFilter)).hasMessageContaining("filter type 9");
        }

        /** Raw scanlines of random bytes, each row's filter type cycling through all five. */
        private static byte[] rows(int width, int height, int colorType, long seed) {
            int rowBytes = width * (colorType == 6 ? 4 : 3);
            byte[] raw = new byte[height * (1 + rowBytes)];
            new java.util.Random(seed).nextBytes(raw);
            for (int y = 0; y < height; y++) {
                raw[y * (1 + rowBytes)] = (byte) (y % 5);
            }
            return raw;
        }

        private static byte[] interlaced(int width, int height, int colorType, long seed) {
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            int[][] adam7 = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                    {0, 1, 1, 2}};
            for (int[] pass : adam7) {
                int w = (width - pass[0] + pass[2] - 1) / pass[2];
                int h = (height - pass[1] + pass[3] - 1) / pass[3];
                if (w > 0 && h > 0) {
                    raw.writeBytes(rows(w, h, colorType, seed + pass[0] * 8L + pass[1]));
                }
            }
            byte[] header = new PngBuilder().header(width, height, 8, colorType).end();
            byte[] ihdr = Arrays.copyOfRange(header, 16, 29);
            ihdr[12] = 1;
            return new PngBuilder().chunk("IHDR", ihdr).chunk("IDAT", deflate(raw.toByteArray())).end();
        }

        private static byte[] deflate(byte[] data) {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater();
            deflater.setInput(data);
            deflater.finish();
            byte[] buf = new byte[data.length * 2 + 64];
            int n = deflater.deflate(buf);
            deflater.end();
            return Arrays.copyOf(buf, n);
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
