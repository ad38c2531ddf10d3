package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values of {@code bench}, {@code transform}, {@code report}, {@code deploy} and
 * {@code sample-artwork}: each refusal is one line naming the command, the option, what it allows
 * and the value; a sane value is taken and used.
 */
class CommandOptionRulesTest {

    private static final Path FIXTURES = dev.pokepipe.testing.Fixtures.transformDir();

    @TempDir
    Path dir;

    @Test
    void anUnknownCommandSuggestsTheNearestOne() {
        CliRun.of("transfrom", "in.png", "out.png").refused("pokepipe",
                "Unmatched arguments from index 0: 'transfrom', 'in.png', 'out.png' (did you mean transform?)");
    }

    @Test
    void benchCountsAndLatencies() throws IOException {
        String data = dir.resolve("data").toString();
        CliRun.of("bench", "--data-dir", data, "--count", "0").refused("pokepipe bench", "--count must be from 1 to 100000, got 0");
        CliRun.of("bench", "--data-dir", data, "--count", "ten")
                .refused("pokepipe bench", "Invalid value for option '--count': 'ten' is not a whole number");
        CliRun.of("bench", "--data-dir", data, "--latency-ms", "-5")
                .refused("pokepipe bench", "--latency-ms must be 0 or more, got -5");
        CliRun.of("bench", "--data-dir", data, "--latency-ms", "50", "--jitter-ms", "60")
                .refused("pokepipe bench", "--jitter-ms must be from 0 to the latency (--latency-ms 50), got 60");
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("bench", "--data-dir", file.toString())
                .refused("pokepipe bench", "--data-dir must be a directory, got " + file + ", which is a file");
        assertThat(dir.resolve("data")).as("nothing ran").doesNotExist();
    }

    @Test
    void benchTakesALatencyBelowTheDefaultJitterAlone() {
        CliRun bench = CliRun.of("bench", "--data-dir", dir.resolve("data").toString(), "--count", "1",
                "--latency-ms", "20");

        assertThat(bench.exit()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("1 images, sample origin 20 ± 20 ms").contains("speed-up");
    }

    @Test
    void transformLevelsThreadsAndPixels() {
        String in = FIXTURES.resolve("tiny_1x1.input.png").toString();
        String out = dir.resolve("out.png").toString();
        CliRun.of("transform", "--level", "10", in, out).refused("pokepipe transform", "--level must be from 0 to 9, got 10");
        CliRun.of("transform", "--level", "fast", in, out)
                .refused("pokepipe transform", "Invalid value for option '--level': 'fast' is not a whole number");
        CliRun.of("transform", "--threads", "0", in, out).refused("pokepipe transform", "--threads must be from 1 to 256, got 0");
        CliRun.of("transform", "--threads", "257", in, out)
                .refused("pokepipe transform", "--threads must be from 1 to 256, got 257");
        CliRun.of("transform", "--max-pixels", "0", in, out)
                .refused("pokepipe transform", "--max-pixels must be 1 or more, got 0");
        assertThat(dir.resolve("out.png")).doesNotExist();

        CliRun sane = CliRun.of("transform", "--level", "9", "--threads", "1", "--max-pixels", "1", in, out);
        assertThat(sane.exit()).as(sane.err()).isZero();
        assertThat(dir.resolve("out.png")).isRegularFile();
    }

    @Test
    void transformWritesFilesIntoDirectories() throws IOException {
        String in = FIXTURES.resolve("tiny_1x1.input.png").toString();
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("transform", "--out-dir", file.toString(), in)
                .refused("pokepipe transform", "--out-dir must be a directory, got " + file + ", which is a file");
        Path outDir = Files.createDirectory(dir.resolve("out"));
        CliRun.of("transform", in, outDir.toString()).refused("pokepipe transform", "OUT.png must be a file, got "
                + outDir + ", which is a directory (for a directory, give --out-dir)");
        assertThat(outDir).isEmptyDirectory();
        CliRun.of("transform", "--out-dir", file.resolve("out").toString(), in).refused("pokepipe transform",
                "--out-dir: cannot create " + file.resolve("out") + " (Not a directory)");
    }

    @Test
    void reportNeedsAnExistingDataDir() throws IOException {
        Path missing = dir.resolve("missing");
        CliRun.of("report", "--data-dir", missing.toString(), "run-1").refused("pokepipe report",
                "--data-dir must be an existing directory, got " + missing.toAbsolutePath() + ", which does not exist");
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("report", "--data-dir", file.toString(), "run-1")
                .refused("pokepipe report", "--data-dir must be a directory, got " + file + ", which is a file");
    }

    @Test
    void deployChecksEveryValueBeforeSendingAnything() throws IOException {
        Path zip = Files.write(dir.resolve("function.zip"), new byte[]{'P', 'K'});
        String deploy = "pokepipe deploy";
        // Port 9 (discard) has no endpoint: only a value check can end these before a connection fails.
        deploy("--endpoint-url", "localhost:4566").refused(deploy,
                "Invalid value for option '--endpoint-url': 'localhost:4566' is not an http:// or https:// URL with a host");
        deploy("--name", "my pipeline").refused(deploy, "--name must be 1-54 letters, digits, '_' or '-', got 'my pipeline'");
        deploy("--name", "p".repeat(55)).refused(deploy, "--name must be 1-54 letters, digits, '_' or '-', got '"
                + "p".repeat(55) + "'");
        deploy("--bucket", "My_Bucket").refused(deploy, "--bucket must be 3-63 lowercase letters, digits, '.' or '-', "
                + "starting and ending with a letter or digit, got 'My_Bucket'");
        deploy("--region", "US East").refused(deploy, "--region must be a region name such as us-east-1, got 'US East'");
        deploy("--role-arn", "pokepipe").refused(deploy,
                "--role-arn must be an IAM role ARN, arn:aws:iam::ACCOUNT:role/NAME, got 'pokepipe'");
        deploy("--origin", "assets.example/full").refused(deploy,
                "Invalid value for option '--origin': 'assets.example/full' is not an http:// or https:// URL with a host");
        Path missing = dir.resolve("missing.zip");
        deploy("--function-zip", missing.toString()).refused(deploy, "--function-zip must be an existing file, got "
                + missing + ", which does not exist (./mvnw package builds it)");
        deploy("--function-zip", dir.toString()).refused(deploy, "--function-zip must be an existing file, got "
                + dir + ", which is a directory (./mvnw package builds it)");
        assertThat(zip).exists();
    }

    private CliRun deploy(String... args) {
        List<String> all = new ArrayList<>(List.of("deploy", "--endpoint-url=http://127.0.0.1:9"));
        if (!List.of(args).contains("--function-zip")) {
            all.addAll(List.of("--function-zip", dir.resolve("function.zip").toString()));
        }
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    @Test
    void sampleArtworkCountsAndDirectories() throws IOException {
        Path out = dir.resolve("art");
        CliRun.of("sample-artwork", "--out-dir", out.toString(), "--count", "0")
                .refused("pokepipe sample-artwork", "--count must be from 1 to 100000, got 0");
        CliRun.of("sample-artwork", "--out-dir", out.toString(), "--count", "100001")
                .refused("pokepipe sample-artwork", "--count must be from 1 to 100000, got 100001");
        Path file = Files.writeString(dir.resolve("file"), "x");
        CliRun.of("sample-artwork", "--out-dir", file.toString(), "--count", "1")
                .refused("pokepipe sample-artwork", "--out-dir must be a directory, got " + file + ", which is a file");
        assertThat(out).doesNotExist();
        Path underAFile = file.resolve("art");
        CliRun.of("sample-artwork", "--out-dir", underAFile.toString(), "--count", "1")
                .refused("pokepipe sample-artwork", "--out-dir: cannot create " + underAFile + " (Not a directory)");

        CliRun sane = CliRun.of("sample-artwork", "--out-dir", out.toString(), "--count", "2");
        assertThat(sane.exit()).isZero();
        assertThat(out.resolve("002.png")).isRegularFile();
    }
}
