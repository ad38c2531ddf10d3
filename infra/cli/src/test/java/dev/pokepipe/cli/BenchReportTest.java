package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.local.RunOutcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's table and JSON, warm and cold: a cold bench adds each JVM's whole wall time and its speed-up. */
class BenchReportTest {

    private final StringWriter out = new StringWriter();
    private final BenchReport report = new BenchReport(new ObjectMapper(), new PrintWriter(out));

    @Test
    void aColdTableHasAProcessColumnAndItsSpeedUp() throws IOException {
        report.printTable(3, "sample origin 0 ± 0 ms", run(OptionalDouble.of(9.0)), run(OptionalDouble.of(4.5)), null);

        assertThat(out.toString()).contains("3 images, sample origin 0 ± 0 ms, each run in a fresh JVM")
                .containsPattern("img/s +process s\\n")
                .containsPattern("sequential .* 2\\.7 +9\\.00\\n")
                .containsPattern("defined .* 2\\.7 +4\\.50\\n")
                .containsPattern("speed-up +1\\.0x +1\\.0x +1\\.0x +2\\.0x\\n")
                .contains("process s: the run's whole JVM");
    }

    @Test
    void aWarmTableIsTheStudysAlone() throws IOException {
        report.printTable(3, "sample origin 0 ± 0 ms", run(OptionalDouble.empty()), run(OptionalDouble.empty()), null);

        assertThat(out.toString()).doesNotContain("process s", "fresh JVM").containsPattern("img/s\\n");
    }

    @Test
    void coldJsonHasEachJvmsWallTime() throws IOException {
        report.printJson(run(OptionalDouble.of(9.0)), run(OptionalDouble.of(3.0)), Path.of("report.html"));

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("cold").asBoolean()).isTrue();
        assertThat(json.at("/processSeconds/sequential").asDouble()).isEqualTo(9.0);
        assertThat(json.at("/processSeconds/defined").asDouble()).isEqualTo(3.0);
        assertThat(json.at("/speedup/process").asDouble()).isEqualTo(3.0);
        assertThat(json.at("/speedup/total").asDouble()).isEqualTo(1.0);
    }

    private static BenchRun run(OptionalDouble processSeconds) throws IOException {
        try (InputStream in = BenchReportTest.class.getResourceAsStream("/recorded/s3/summary.json")) {
            RunOutcome outcome = new RunOutcome("recorded-run", RunOutcome.SUCCEEDED, null, null, null, null,
                    RunOutcome.readSummary(in.readAllBytes()), Map.of(), Path.of("runs/recorded-run"), "here", null);
            return new BenchRun(outcome, processSeconds);
        }
    }
}
