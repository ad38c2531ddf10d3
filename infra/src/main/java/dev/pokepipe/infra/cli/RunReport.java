package dev.pokepipe.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.infra.engine.Definition;
import dev.pokepipe.infra.run.LocalPipeline;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** The end of a run as a person reads it: the study's table, concurrency, failures by id, where the outputs are. */
final class RunReport {

    private RunReport() {
    }

    static void print(PrintWriter out, JsonNode s, JsonNode concurrency, Path processed, Path summaryFile) {
        out.printf(Locale.ROOT, "%nrun %s: %d requested, %d processed, %d failed%n%n", s.path("runId").asText(),
                s.path("requested").asInt(), s.path("processed").asInt(), s.path("failed").asInt());
        out.printf(Locale.ROOT, "  %-12s %12s %14s %9s %7s%n", "", "download s", "processing s", "total s", "img/s");
        out.printf(Locale.ROOT, "  %-12s %12.2f %14.2f %9.2f %7.1f%n", "this run",
                s.path("download").path("wallSeconds").asDouble(), s.path("process").path("wallSeconds").asDouble(),
                s.path("totalSeconds").asDouble(), s.path("imagesPerSecond").asDouble());
        out.printf(Locale.ROOT, "%n  per image: download p50 %d ms, p95 %d ms; processing p50 %d ms, p95 %d ms%n",
                s.path("download").path("p50Ms").asLong(), s.path("download").path("p95Ms").asLong(),
                s.path("process").path("p50Ms").asLong(), s.path("process").path("p95Ms").asLong());
        StringBuilder peaks = new StringBuilder();
        concurrency.fields().forEachRemaining(e -> peaks.append(peaks.length() == 0 ? "" : ", ").append(e.getKey())
                .append(' ').append(e.getValue().path("peak").asInt()).append(" (limit ")
                .append(e.getValue().path("limit").asInt()).append(')'));
        out.println("  peak concurrency: " + peaks);
        if (s.path("failures").size() > 0) {
            out.printf("%nfailures:%n");
            for (JsonNode f : s.path("failures")) {
                String error = f.path("error").asText();
                out.printf(Locale.ROOT, "  %4d  %-8s  %s: %s%n", f.path("id").asInt(), f.path("stage").asText(),
                        error.substring(error.lastIndexOf('.') + 1), f.path("cause").asText());
            }
        }
        out.printf("%noutputs: %s%nsummary: %s%n", processed.toAbsolutePath(), summaryFile.toAbsolutePath());
    }

    /** The packaged definition, placeholders blanked: its structure, for limits and the report. */
    static JsonNode packagedDefinition() {
        try {
            return new ObjectMapper().readTree(LocalPipeline.definitionText().replaceAll("\\$\\{[A-Za-z]+}", "x"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code {map: {items, peak, limit}}} for each Map of {@code definition}.
     *
     * @param runs per Map name: items run and peak iterations in flight; Maps not run are left out
     */
    static ObjectNode concurrency(JsonNode definition, Map<String, int[]> runs) {
        ObjectNode concurrency = new ObjectMapper().createObjectNode();
        Definition.mapLimits(definition).forEach((map, limit) -> {
            int[] run = runs.get(map);
            if (run != null) {
                ObjectNode c = concurrency.putObject(map);
                c.put("items", run[0]);
                c.put("peak", run[1]);
                c.put("limit", limit);
            }
        });
        return concurrency;
    }
}
