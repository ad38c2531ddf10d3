package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pokepipe transform} in its own JVM with a small heap, on an image larger than that heap can transform. */
class TransformHeapIT {

    @TempDir
    Path dir;

    @Test
    void anImageTooLargeForTheHeapFailsOnOneLineAndTheNextFileIsStillTransformed() throws Exception {
        Path big = png(dir.resolve("big.png"), 4000, 3000);
        Path small = png(dir.resolve("small.png"), 64, 48);
        Path outDir = dir.resolve("out");
        Path jar = Path.of(System.getProperty("pokepipe.root.dir", "../..")).resolve("infra/cli/target/pokepipe.jar");
        assertThat(jar).as("the CLI jar is packaged before integration tests").isRegularFile();

        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m", "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-jar", jar.toString(), "transform",
                "--threads", "1", "--out-dir", outDir.toString(), big.toString(), small.toString())
                .redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertThat(cli.waitFor(2, TimeUnit.MINUTES)).isTrue();

        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(cli.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("error: " + big + ": too large for this JVM's heap of ")
                .doesNotContain("Exception in thread").doesNotContain("\tat ");
        assertThat(outDir.resolve("small.png")).isRegularFile();
        assertThat(outDir.resolve("big.png")).doesNotExist();
    }

    private static Path png(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40, 90, 160));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
