package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PngEncoderTest {

    @Test
    void roundTripsThroughAnIndependentDecoder(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        RgbImage image = noise(131, 77, 42);
        byte[] png = new PngEncoder().encode(image);
        Path file = dir.resolve("noise.png");
        Files.write(file, png);

        assertThat(PillowFixturesTest.readWithImageIo(file).pixels()).isEqualTo(image.pixels());
        assertThat(new PngDecoder(1_000_000).decode(png).pixels()).isEqualTo(image.pixels());
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getColorModel().hasAlpha()).isFalse();
    }

    @Test
    void writesOnlyHeaderDataAndEndChunks() {
        byte[] png = new PngEncoder(9).encode(noise(300, 300, 7));
        assertThat(chunkTypes(png)).first().isEqualTo("IHDR");
        assertThat(chunkTypes(png)).last().isEqualTo("IEND");
        assertThat(chunkTypes(png)).filteredOn(t -> !t.equals("IHDR") && !t.equals("IEND")).containsOnly("IDAT");
        assertThat(png[24]).as("bit depth").isEqualTo((byte) 8);
        assertThat(png[25]).as("colour type RGB").isEqualTo((byte) 2);
    }

    @Test
    void smoothImagesCompressFarBelowRawSize() {
        RgbImage gradient = RgbImage.blank(256, 256);
        for (int i = 0; i < gradient.pixels().length; i++) {
            gradient.pixels()[i] = (byte) ((i / 3) % 256);
        }
        assertThat(new PngEncoder().encode(gradient).length).isLessThan(gradient.pixels().length / 20);
    }

    @Test
    void rejectsAnImpossibleLevel() {
        assertThatThrownBy(() -> new PngEncoder(10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static RgbImage noise(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new Random(seed).nextBytes(px);
        return new RgbImage(w, h, px);
    }

    private static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        int pos = 8;
        while (pos < png.length) {
            int len = ((png[pos] & 0xff) << 24) | ((png[pos + 1] & 0xff) << 16) | ((png[pos + 2] & 0xff) << 8)
                    | (png[pos + 3] & 0xff);
            types.add(new String(png, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
            pos += 12 + len;
        }
        return types;
    }
}
