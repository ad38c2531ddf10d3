package dev.pokepipe.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.pipeline.outcome.StageOutcomes;

import java.io.PrintStream;
import java.time.Clock;

/**
 * An invocation's figures as CloudWatch metrics in the embedded metric format: one JSON line on the
 * function's standard output, which CloudWatch Logs turns into the metrics {@code durationMs} and
 * {@code bytes} of namespace {@value #NAMESPACE} by {@code stage}, with the run and image ids kept as
 * searchable properties of the log event.
 */
public final class EmfMetrics implements StageOutcomes.Metrics {

    /** The CloudWatch namespace of pokepipe's metrics. */
    public static final String NAMESPACE = "pokepipe";

    private final PrintStream out;
    private final ObjectMapper json;
    private final Clock clock;

    public EmfMetrics(PrintStream out, ObjectMapper json, Clock clock) {
        this.out = out;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void invocation(String stage, String runId, int id, long durationMs, long bytes) {
        ObjectNode line = json.createObjectNode();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", clock.millis())
                .putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("stage");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "durationMs").put("Unit", "Milliseconds");
        metrics.addObject().put("Name", "bytes").put("Unit", "Bytes");
        line.put("stage", stage).put("runId", runId).put("imageId", id).put("durationMs", durationMs)
                .put("bytes", bytes);
        try {
            out.println(json.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a metrics line", e);
        }
    }
}
