package dev.pokepipe.transform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fixture input through the whole chain, compared after every step with Pillow 12.3.0's
 * reference image: raw RGB samples, max abs diff 0, plus the manifest's pixel hash.
 */
class PillowFixturesTest {

    private static final Path DIR = Fixtures.transformDir();
    private static final JsonNode MANIFEST = readManifest();

    private static final RowBands THREE_BANDS = RowBands.of(3);

    static Stream<String> inputs() {
        List<String> names = new ArrayList<>();
        MANIFEST.get("inputs").forEach(n -> names.add(n.get("name").asText()));
        return names.stream();
    }

    /**
     * Every input sequentially, and split into three bands per step (odd, so bands end mid-way everywhere),
     * with the plain loops and, where this JVM has them, the Vector API column passes.
     */
    static Stream<Arguments> inputsAndBands() {
        Stream<Kernels> kernels = Kernels.vectorAvailable() ? Stream.of(Kernels.SCALAR, Kernels.VECTOR)
                : Stream.of(Kernels.SCALAR);
        return kernels.flatMap(k -> inputs().flatMap(name -> Stream.of(Arguments.of(name, 1, k), Arguments.of(name, 3, k))));
    }

    @Test
    void manifestListsTenInputsAndEightSteps() {
        assertThat(inputs()).hasSize(10);
        assertThat(TransformStep.values()).extracting(TransformStep::fixtureName)
                .containsExactlyElementsOf(toList(MANIFEST.get("steps")));
    }

    @ParameterizedTest(name = "{0}, {1} band(s), {2}")
    @MethodSource("inputsAndBands")
    void everyStepMatchesPillowExactly(String name, int bands, Kernels kernels) throws IOException {
        JsonNode entry = entry(name);
        byte[] input = Files.readAllBytes(DIR.resolve(entry.get("file").asText()));
        Map<TransformStep, RgbImage> produced = new EnumMap<>(TransformStep.class);
        ImageTransform transform = new ImageTransform(new PngDecoder(100_000_000L), new PngEncoder(),
                bands == 1 ? RowBands.SEQUENTIAL : THREE_BANDS, kernels);
        transform.apply(new PngDecoder(100_000_000L).decode(input), produced::put);

        List<String> report = new ArrayList<>();
        for (TransformStep step : TransformStep.values()) {
            RgbImage actual = produced.get(step);
            RgbImage expected = readWithImageIo(DIR.resolve(entry.get("files").get(step.fixtureName()).asText()));
            String diff = compare(actual, expected);
            String hash = sha256(actual.pixels());
            String expectedHash = entry.get("sha256_rgb").get(step.fixtureName()).asText();
            report.add(step.fixtureName() + ": " + diff + (hash.equals(expectedHash) ? ", hash ok" : ", HASH MISMATCH"));
        }
        assertThat(report).as("per-step comparison of %s with Pillow, %d band(s), %s", name, bands, kernels)
                .allMatch(line -> line.endsWith("max abs diff 0, hash ok"));
        assertThat(Contrast.meanLuma(produced.get(TransformStep.BLUR10)))
                .isEqualTo(entry.get("contrast_mean").asInt());
    }

    /**
     * The PNG written in bands — zlib parts joined, or libdeflate in one call where it loaded — is one
     * valid zlib stream: two independent decoders read back the exact pixels.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void theBandedEncoderWritesTheSamePixels(String name) throws IOException {
        byte[] input = Files.readAllBytes(DIR.resolve(entry(name).get("file").asText()));
        PngDecoder decoder = new PngDecoder(100_000_000L);
        PngEncoder zlib = new PngEncoder(PngEncoder.DEFAULT_ZLIB_LEVEL, false);
        RgbImage expected = new ImageTransform(decoder, zlib).apply(decoder.decode(input), (step, image) -> { });

        // The second is libdeflate where the shim is built, else zlib at libdeflate's level.
        for (PngEncoder encoder : List.of(zlib, new PngEncoder(PngEncoder.DEFAULT_LEVEL, true))) {
            byte[] png = encoder.encode(expected, THREE_BANDS);
            byte[] sequentialPng = encoder.encode(expected);

            assertThat(compare(decoder.decode(png), expected)).isEqualTo("max abs diff 0");
            Path file = Files.createTempFile("pokepipe-banded", ".png");
            try {
                Files.write(file, png);
                assertThat(compare(readWithImageIo(file), expected)).isEqualTo("max abs diff 0");
            } finally {
                Files.delete(file);
            }
            assertThat((double) png.length).as("a few bytes per part, about 1 % on large images")
                    .isLessThan(sequentialPng.length * 1.01 + 64);
        }
    }

    private static String compare(RgbImage actual, RgbImage expected) {
        if (actual.width() != expected.width() || actual.height() != expected.height()) {
            return "size " + actual.width() + "x" + actual.height() + " vs Pillow's "
                    + expected.width() + "x" + expected.height();
        }
        byte[] a = actual.pixels();
        byte[] b = expected.pixels();
        int max = 0;
        int firstAt = -1;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xff) - (b[i] & 0xff));
            if (d > max) {
                max = d;
                if (firstAt < 0) {
                    firstAt = i;
                }
            }
        }
        if (max == 0) {
            return "max abs diff 0";
        }
        int pixel = firstAt / 3;
        return "max abs diff " + max + " (first at x=" + pixel % actual.width() + ", y=" + pixel / actual.width()
                + ", channel " + firstAt % 3 + ")";
    }

    /** Reads a reference PNG with ImageIO's raster samples, an independent decoder from ours. */
    static RgbImage readWithImageIo(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        Raster raster = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int bands = raster.getNumBands();
        int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
        byte[] rgb = new byte[w * h * 3];
        for (int p = 0; p < w * h; p++) {
            for (int c = 0; c < 3; c++) {
                rgb[p * 3 + c] = (byte) samples[p * bands + c];
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static JsonNode entry(String name) {
        for (JsonNode n : MANIFEST.get("inputs")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static List<String> toList(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode readManifest() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DIR.resolve("manifest.json"), e);
        }
    }
}
