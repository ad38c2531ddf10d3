package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.run.RunLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pokepipe bench --cold} through the packaged jar: each run in a JVM of its own, timed whole. */
class BenchColdIT {

    @TempDir
    Path dir;

    @Test
    void eachRunIsAFreshJvmAndItsWholeWallTimeIsReported() throws Exception {
        Path jar = Path.of(System.getProperty("pokepipe.cli.jar", "target/pokepipe.jar"));
        assertThat(jar).as("the CLI is packaged before the integration tests").isRegularFile();
        Path data = dir.resolve("data");
        Path stderr = dir.resolve("stderr.txt");
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-XX:+UseSerialGC", "--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true",
                "-jar", jar.toString(), "bench", "--cold", "--count", "3", "--latency-ms", "0",
                "--data-dir", data.toString(), "--json")
                .redirectError(stderr.toFile()).start();
        bench.getOutputStream().close();
        byte[] stdout = bench.getInputStream().readAllBytes();
        assertThat(bench.waitFor(5, TimeUnit.MINUTES)).isTrue();
        String err = Files.readString(stderr);
        assertThat(bench.exitValue()).as(err).isZero();

        JsonNode result = new ObjectMapper().readTree(new String(stdout, StandardCharsets.UTF_8));
        assertThat(result.get("cold").asBoolean()).isTrue();
        for (String run : new String[]{"sequential", "defined"}) {
            assertThat(result.at("/" + run + "/processed").asInt()).as(run).isEqualTo(3);
            assertThat(result.at("/processSeconds/" + run).asDouble()).as("a JVM's whole life holds its run")
                    .isGreaterThan(result.at("/" + run + "/totalSeconds").asDouble());
        }
        assertThat(result.at("/speedup/process").asDouble()).isPositive();

        assertThat(err.lines().filter(l -> l.contains("Using incubator modules")).count())
                .as("the bench and both children ran with the vector module").isEqualTo(3);
        assertThat(err).as("the children's progress reaches the terminal")
                .contains("rendering the sample images").contains("DownloadImages 3/3");
        String sequentialId = result.at("/sequential/runId").asText();
        JsonNode definition = new ObjectMapper().readTree(data.resolve("pokepipe")
                .resolve(RunLayout.definition(sequentialId)).toFile());
        assertThat(definition.at("/States/DownloadImages/MaxConcurrency").asInt()).isEqualTo(1);
        assertThat(definition.at("/States/ProcessImages/MaxConcurrency").asInt()).isEqualTo(1);
        try (Stream<Path> runs = Files.list(data.resolve("pokepipe/runs"))) {
            assertThat(runs.map(p -> p.getFileName().toString())).hasSize(2)
                    .allMatch(n -> n.startsWith("bench-"));
        }
        Path definedDir = data.resolve("pokepipe").resolve(RunLayout.prefix(result.at("/defined/runId").asText()));
        assertThat(definedDir.resolve(RunLayout.BASELINE_FILE)).as("the defined run's report has the baseline").isRegularFile();
        assertThat(Path.of(result.get("reportFile").asText())).isEqualTo(definedDir.resolve(RunLayout.REPORT_FILE)
                .toAbsolutePath());
    }
}
