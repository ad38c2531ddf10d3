package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The end of a run as a person gets it, local or deployed alike: the study's table (or the summary
 * as JSON) on the terminal, and {@code report.html} in the run's directory. Everything is drawn from
 * a {@link RunOutcome}.
 */
public final class RunReport {

    /** Failures listed on the terminal; a large run's thousand would scroll the table away. */
    static final int FAILURES_PRINTED = 50;

    private final ObjectMapper mapper;
    private final PrintWriter out;
    private final PrintWriter err;

    /**
     * @param out where the table or the JSON goes
     * @param err where warnings and failures go
     */
    public RunReport(ObjectMapper mapper, PrintWriter out, PrintWriter err) {
        this.mapper = mapper;
        this.out = out;
        this.err = err;
    }

    /**
     * Writes the run's report.html; a report that cannot be written is a warning, never the run's
     * failure: the outputs are already stored.
     *
     * @return the report's path, or null if it could not be written
     */
    public Path write(RunOutcome outcome) {
        try {
            return render(outcome);
        } catch (RuntimeException e) {
            err.println("pokepipe: warning: no report for run " + outcome.runId() + ": " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /** As {@link #write(RunOutcome)}, with {@code baseline}'s summary beside the run's as its sequential baseline. */
    public Path write(RunOutcome outcome, RunOutcome baseline) {
        try {
            Files.copy(baseline.runDir().resolve(RunLayout.SUMMARY_FILE), outcome.runDir().resolve(RunLayout.BASELINE_FILE),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            err.println("pokepipe: warning: no baseline in the report of run " + outcome.runId() + ": " + e.getMessage());
        }
        return write(outcome);
    }

    /**
     * Renders {@code report.html} into the outcome's run directory, with the sequential baseline
     * there if {@code pokepipe bench} left one and the child executions of any Distributed Map Run
     * whose ResultWriter files are there; the images are referenced relatively.
     *
     * @return the report's path
     * @throws UncheckedIOException if the page cannot be written or the baseline not read
     */
    public static Path render(RunOutcome outcome) {
        Path runDir = outcome.runDir();
        Path baselineFile = runDir.resolve(RunLayout.BASELINE_FILE);
        RunSummary baseline = Files.isRegularFile(baselineFile) ? RunOutcome.readSummary(bytes(baselineFile)) : null;
        String html = HtmlReport.render(new HtmlReport.Inputs(outcome.runId(), outcome.definition(), outcome.history(),
                outcome.summary(), baseline, outcome.where(), outcome.consoleUrl(),
                id -> new HtmlReport.ImageLinks(link(runDir, RunLayout.RAW_FOLDER, id),
                        link(runDir, RunLayout.PROCESSED_FOLDER, id)), ChildRuns.read(runDir)));
        Path report = runDir.resolve(RunLayout.REPORT_FILE);
        try {
            Files.writeString(report, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + report, e);
        }
        return report;
    }

    /**
     * The outcome of a finished run from the files it left in {@code runDir}, to draw its report again.
     *
     * @throws RunFilesMissingException if the history or the definition is not in {@code runDir}
     */
    public static RunOutcome stored(Path runDir, String runId) {
        JsonNode definition = readJson(runDir, RunLayout.DEFINITION_FILE);
        JsonNode history = readJson(runDir, RunLayout.HISTORY_FILE);
        Path summaryFile = runDir.resolve(RunLayout.SUMMARY_FILE);
        RunSummary summary = Files.isRegularFile(summaryFile) ? RunOutcome.readSummary(bytes(summaryFile)) : null;
        return new RunOutcome(runId, ExecutionTimeline.of(history).status(), null, null, definition, history, summary,
                Map.of(), runDir, "Ran locally; objects under " + runDir.toAbsolutePath().normalize() + ".", null);
    }

    /** The study's table, the Maps' concurrency, failures by id and where the outputs and the report are. */
    public void printTable(RunOutcome outcome, Path reportFile) {
        RunSummary s = outcome.summary();
        out.printf(Locale.ROOT, "%nrun %s: %d requested, %d processed, %d failed%n%n", s.runId(), s.requested(),
                s.processed(), s.failed());
        printHeader();
        printRow("this run", s);
        out.printf(Locale.ROOT, "%n  per image: download p50 %d ms, p95 %d ms; processing p50 %d ms, p95 %d ms%n",
                s.download().p50Ms(), s.download().p95Ms(), s.process().p50Ms(), s.process().p95Ms());
        StringBuilder peaks = new StringBuilder();
        outcome.maps().forEach((map, use) -> peaks.append(peaks.length() == 0 ? "" : ", ").append(map).append(' ')
                .append(use.peak()).append(" (limit ").append(use.limit()).append(')'));
        out.println("  peak concurrency: " + peaks);
        if (s.failures() != null && !s.failures().isEmpty()) {
            out.printf("%nfailures:%n");
            for (RunSummary.Failure f : s.failures().subList(0, Math.min(FAILURES_PRINTED, s.failures().size()))) {
                String error = f.error();
                out.printf(Locale.ROOT, "  %4d  %-8s  %s: %s%n", f.id(), f.stage(),
                        error.substring(error.lastIndexOf('.') + 1), f.cause());
            }
            if (s.failures().size() > FAILURES_PRINTED) {
                out.printf(Locale.ROOT, "  ... and %d more, all in the summary and the report%n",
                        s.failures().size() - FAILURES_PRINTED);
            }
        }
        out.printf("%noutputs: %s%nsummary: %s%n", processedDir(outcome), summaryFile(outcome));
        if (reportFile != null) {
            out.println("report:  " + reportFile.toAbsolutePath());
        }
        if (outcome.consoleUrl() != null) {
            out.println("console: " + outcome.consoleUrl());
        }
        out.flush();
    }

    /** The summary as JSON, with the Maps' concurrency and where the outputs are. */
    public void printJson(RunOutcome outcome, Path reportFile) {
        ObjectNode full = mapper.valueToTree(outcome.summary());
        ObjectNode concurrency = full.putObject("concurrency");
        outcome.maps().forEach((map, use) -> {
            ObjectNode c = concurrency.putObject(map);
            c.put("items", use.items());
            c.put("peak", use.peak());
            c.put("limit", use.limit());
        });
        ObjectNode outputs = full.putObject("outputs");
        outputs.put("processedDir", processedDir(outcome).toString());
        outputs.put("summaryFile", summaryFile(outcome).toString());
        if (reportFile != null) {
            outputs.put("reportFile", reportFile.toAbsolutePath().toString());
        }
        if (outcome.consoleUrl() != null) {
            outputs.put("consoleUrl", outcome.consoleUrl());
        }
        out.println(full.toPrettyString());
        out.flush();
    }

    /** Why the execution did not finish, and where its report is. */
    public void printFailure(RunOutcome outcome, Path reportFile) {
        err.println("pokepipe: the run failed: " + outcome.status() + " " + outcome.error() + ": " + outcome.cause());
        if (reportFile != null) {
            err.println("report: " + reportFile.toAbsolutePath());
        }
        err.flush();
    }

    /** The table's head: the study's columns. */
    public void printHeader() {
        out.println(header());
    }

    /** One row of the study's table. */
    public void printRow(String label, RunSummary s) {
        out.println(row(label, s));
    }

    /** The table's head as a line without its end, for a table with more columns. */
    public static String header() {
        return String.format(Locale.ROOT, "  %-12s %12s %14s %9s %7s", "", "download s", "processing s", "total s", "img/s");
    }

    /** One row of the study's table as a line without its end. */
    public static String row(String label, RunSummary s) {
        return String.format(Locale.ROOT, "  %-12s %12.2f %14.2f %9.2f %7.1f", label, s.download().wallSeconds(),
                s.process().wallSeconds(), s.totalSeconds(), s.imagesPerSecond());
    }

    private static Path processedDir(RunOutcome outcome) {
        return outcome.runDir().resolve(RunLayout.PROCESSED_FOLDER).toAbsolutePath();
    }

    private static Path summaryFile(RunOutcome outcome) {
        return outcome.runDir().resolve(RunLayout.SUMMARY_FILE).toAbsolutePath();
    }

    private static String link(Path runDir, String folder, int id) {
        String relative = folder + RunLayout.fileName(id);
        return Files.isRegularFile(runDir.resolve(relative)) ? relative : null;
    }

    private static JsonNode readJson(Path runDir, String name) {
        Path file = runDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new RunFilesMissingException(runDir + " has no " + name
                    + ": not a run directory, or the run was made before reports existed");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
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
