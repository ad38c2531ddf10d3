package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.cli.report.HtmlReport;
import dev.pokepipe.cli.report.RunReport;
import dev.pokepipe.pipeline.summarize.RunSummary;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The bench's result on stdout: the study's table for both runs and the speed-ups, or the same as JSON. */
final class BenchReport {

    private final ObjectMapper mapper;
    private final PrintWriter out;

    BenchReport(ObjectMapper mapper, PrintWriter out) {
        this.mapper = mapper;
        this.out = out;
    }

    /**
     * The table; with {@code --cold} a last column holds each JVM's whole wall time.
     *
     * @param origin what the runs fetched from, e.g. "sample origin 400 ± 100 ms"
     * @param report the defined run's report, or null if none was written
     */
    void printTable(int count, String origin, BenchRun sequential, BenchRun defined, Path report) {
        RunSummary before = sequential.outcome().summary();
        RunSummary after = defined.outcome().summary();
        boolean cold = defined.processSeconds().isPresent();
        out.printf(Locale.ROOT, "%n%d images, %s%s%n%n", count, origin, cold ? ", each run in a fresh JVM" : "");
        out.println(RunReport.header() + (cold ? String.format(Locale.ROOT, " %11s", "process s") : ""));
        out.println(RunReport.row("sequential", before) + processColumn(sequential));
        out.println(RunReport.row("defined", after) + processColumn(defined));
        out.printf(Locale.ROOT, "  %-12s %11.1fx %13.1fx %8.1fx", "speed-up",
                HtmlReport.speedUp(before, after, s -> s.download().wallSeconds()),
                HtmlReport.speedUp(before, after, s -> s.process().wallSeconds()),
                HtmlReport.speedUp(before, after, RunSummary::totalSeconds));
        if (cold) {
            out.printf(Locale.ROOT, " %7s %10.1fx", "", processSpeedUp(sequential, defined));
        }
        out.println();
        if (cold) {
            out.printf("%nprocess s: the run's whole JVM, from its start to its exit (start-up, sample images, run, report)%n");
        }
        if (report != null) {
            out.printf("%nreport: %s%n", report.toAbsolutePath());
        }
        out.flush();
    }

    /** The two summaries and the speed-ups; with {@code --cold} also each JVM's wall time. */
    void printJson(BenchRun sequential, BenchRun defined, Path report) {
        RunSummary before = sequential.outcome().summary();
        RunSummary after = defined.outcome().summary();
        boolean cold = defined.processSeconds().isPresent();
        ObjectNode result = mapper.createObjectNode();
        result.put("cold", cold);
        result.set("sequential", mapper.valueToTree(before));
        result.set("defined", mapper.valueToTree(after));
        if (cold) {
            ObjectNode process = result.putObject("processSeconds");
            process.put("sequential", sequential.processSeconds().getAsDouble());
            process.put("defined", defined.processSeconds().getAsDouble());
        }
        ObjectNode speedup = result.putObject("speedup");
        speedup.put("download", HtmlReport.speedUp(before, after, s -> s.download().wallSeconds()));
        speedup.put("processing", HtmlReport.speedUp(before, after, s -> s.process().wallSeconds()));
        speedup.put("total", HtmlReport.speedUp(before, after, RunSummary::totalSeconds));
        if (cold) {
            speedup.put("process", processSpeedUp(sequential, defined));
        }
        if (report != null) {
            result.put("reportFile", report.toAbsolutePath().toString());
        }
        out.println(result.toPrettyString());
        out.flush();
    }

    private static String processColumn(BenchRun run) {
        return run.processSeconds().isPresent()
                ? String.format(Locale.ROOT, " %11.2f", run.processSeconds().getAsDouble()) : "";
    }

    private static double processSpeedUp(BenchRun sequential, BenchRun defined) {
        return HtmlReport.speedUp(sequential.processSeconds().getAsDouble(), defined.processSeconds().getAsDouble());
    }
}
