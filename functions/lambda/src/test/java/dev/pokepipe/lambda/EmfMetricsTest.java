package dev.pokepipe.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The metrics line in CloudWatch's embedded metric format, as its specification lays it out. */
class EmfMetricsTest {

    @Test
    void oneJsonLineWithTheDirectiveTheDimensionAndBothFigures() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        new EmfMetrics(new PrintStream(out, true, StandardCharsets.UTF_8), new ObjectMapper(), clock)
                .invocation("process", "run-1", 25, 48, 131072);

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").doesNotContain("\n ");
        JsonNode line = new ObjectMapper().readTree(text);
        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertThat(line.at("/_aws/Timestamp").asLong()).isEqualTo(clock.millis());
        assertThat(directive.get("Namespace").asText()).isEqualTo("pokepipe");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("stage");
        assertThat(directive.get("Metrics")).extracting(m -> m.get("Name").asText() + "/" + m.get("Unit").asText())
                .containsExactly("durationMs/Milliseconds", "bytes/Bytes");
        assertThat(line.get("stage").asText()).isEqualTo("process");
        assertThat(line.get("durationMs").asLong()).isEqualTo(48);
        assertThat(line.get("bytes").asLong()).isEqualTo(131072);
        assertThat(line.get("runId").asText()).isEqualTo("run-1");
        assertThat(line.get("imageId").asInt()).isEqualTo(25);
    }
}
