package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.local.origin.SampleArtwork;
import dev.pokepipe.transform.PngDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TransformCommandTest {

    private static final Path FIXTURES = dev.pokepipe.testing.Fixtures.transformDir();
    private static final PngDecoder DECODER = new PngDecoder(10_000_000);

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void transformsOneFileToPillowsPixels() throws IOException {
        Path output = dir.resolve("out.png");

        int exit = run("transform", FIXTURES.resolve("gray_la.input.png").toString(), output.toString());

        assertThat(exit).isZero();
        assertThat(DECODER.decode(Files.readAllBytes(output)).pixels())
                .isEqualTo(DECODER.decode(Files.readAllBytes(FIXTURES.resolve("gray_la.08-down.png"))).pixels());
        assertThat(out.toString()).containsPattern("out\\.png  " + Files.size(output) + " bytes  \\d+\\.\\d ms");
        assertThat(dir).isDirectoryNotContaining("glob:**.part");
    }

    @Test
    void manyFilesOneBadOthersStillRun() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a picture");
        Path artwork = Files.write(dir.resolve("025.png"), SampleArtwork.png(25));
        Path outDir = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("transform", "--out-dir", outDir.toString()));
        List<String> fixtures = List.of("rgba_475", "p_trns_index", "rgb16", "gray16", "thin_3x17", "tiny_1x1");
        fixtures.forEach(n -> args.add(FIXTURES.resolve(n + ".input.png").toString()));
        args.add(text.toString());
        args.add(artwork.toString());

        int exit = run(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("error: " + text + ": not a PNG file");
        for (String n : fixtures) {
            assertThat(DECODER.decode(Files.readAllBytes(outDir.resolve(n + ".input.png"))).pixels())
                    .as(n).isEqualTo(DECODER.decode(Files.readAllBytes(FIXTURES.resolve(n + ".08-down.png"))).pixels());
        }
        var art = DECODER.decode(Files.readAllBytes(outDir.resolve("025.png")));
        assertThat(art.width()).isEqualTo(475);
        assertThat(art.height()).isEqualTo(475);
        assertThat(outDir.resolve("notes.txt")).doesNotExist();
        assertThat(out.toString()).contains("8 files, 7 transformed, 1 failed, median ");
    }

    @Test
    void jsonPrintsOneObjectPerFile() throws IOException {
        Path missing = dir.resolve("missing.png");
        int exit = run("transform", "--json", "--out-dir", dir.resolve("o").toString(),
                FIXTURES.resolve("tiny_1x1.input.png").toString(), missing.toString());

        assertThat(exit).isEqualTo(2);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString().split("\n")) {
            lines.add(new ObjectMapper().readTree(line));
        }
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("bytes").asInt()).isPositive();
        assertThat(lines.get(0).get("width").asInt()).isEqualTo(1);
        assertThat(lines.get(0).has("ms")).isTrue();
        assertThat(lines.get(1).get("input").asText()).isEqualTo(missing.toString());
        assertThat(lines.get(1).get("error").asText()).isEqualTo("no such file");
    }

    @Test
    void usageErrorsExitTwoWithAMessage() {
        assertThat(run("transform", "only-one.png")).isEqualTo(2);
        assertThat(err.toString()).contains("give IN.png OUT.png");

        Path same = FIXTURES.resolve("tiny_1x1.input.png");
        assertThat(run("transform", same.toString(), same.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("refusing to overwrite the input");

        assertThat(run("transform", "--out-dir", dir.toString(), "a/x.png", "b/x.png")).isEqualTo(2);
        assertThat(err.toString()).contains("would both be written to");
    }

    @Test
    void medianOfEvenAndOddCounts() {
        assertThat(TransformCommand.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(TransformCommand.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
