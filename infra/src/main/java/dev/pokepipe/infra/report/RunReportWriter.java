package dev.pokepipe.infra.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.run.RunLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code report.html} into a run's directory from the files a run leaves there, laid out as
 * the bucket's {@code runs/{runId}/} prefix: {@code definition.asl.json}, {@code history.json},
 * {@code summary.json} (absent if the run failed before Summarize), {@code baseline.json} (from
 * {@code pokepipe bench}) and the {@code raw/} and {@code processed/} images, which the page
 * references relatively.
 */
public final class RunReportWriter {

    /** The report's file name in a run directory. */
    public static final String REPORT = "report.html";
    /** The history, as {@code GetExecutionHistory} returns it. */
    public static final String HISTORY = "history.json";
    /** The definition the execution ran. */
    public static final String DEFINITION = "definition.asl.json";
    /** The sequential run's summary, next to the defined run's files. */
    public static final String BASELINE = "baseline.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RunReportWriter() {
    }

    /**
     * Renders the report of the run in {@code runDir}.
     *
     * @param where      one line saying where the run ran
     * @param consoleUrl the execution in the Step Functions console, or null for a local run
     * @return the report's path
     * @throws RunFilesMissingException if the history or the definition is not in {@code runDir}
     */
    public static Path write(Path runDir, String runId, String where, String consoleUrl) {
        JsonNode definition = read(runDir, DEFINITION, true);
        JsonNode history = read(runDir, HISTORY, true);
        JsonNode summary = read(runDir, "summary.json", false);
        JsonNode baseline = read(runDir, BASELINE, false);
        String html = HtmlReport.render(new HtmlReport.Inputs(runId, definition, history, summary, baseline, where, consoleUrl,
                id -> new HtmlReport.ImageLinks(link(runDir, "raw", id), link(runDir, "processed", id))));
        Path report = runDir.resolve(REPORT);
        try {
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + report, e);
        }
        return report;
    }

    private static String link(Path runDir, String folder, int id) {
        String relative = folder + "/" + RunLayout.fileName(id);
        return Files.isRegularFile(runDir.resolve(relative)) ? relative : null;
    }

    private static JsonNode read(Path runDir, String name, boolean required) {
        Path file = runDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw new RunFilesMissingException(runDir + " has no " + name
                        + ": not a run directory, or the run was made before reports existed");
            }
            return null;
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /** Thrown when a run directory lacks the history or the definition a report is drawn from. */
    public static final class RunFilesMissingException extends RuntimeException {
        public RunFilesMissingException(String message) {
            super(message);
        }
    }
}
