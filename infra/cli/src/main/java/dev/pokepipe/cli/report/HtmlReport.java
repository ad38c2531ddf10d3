package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.pipeline.run.RunInput;
import dev.pokepipe.pipeline.summarize.RunSummary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * A run as one self-contained HTML page: the execution graph drawn from the definition, a timeline of
 * every Lambda invocation (or, for a Distributed Map, every child execution) with the number in
 * flight above it, the study's table (with the sequential baseline when there is one), a table of
 * the Map Runs, and a paged gallery of each id's original and processed image. CSS, script and SVG
 * are inline; images are referenced by the hrefs the caller gives, relative to the page.
 */
public final class HtmlReport {

    private static final double TIMELINE_WIDTH = 1100;
    private static final double LANE_HEIGHT = 9;
    private static final double CHART_HEIGHT = 110;
    private static final double AXIS_LEFT = 150;

    /** Where the report finds an id's two images, relative to the page; null when the file is not there. */
    public record ImageLinks(String original, String processed) {
    }

    /**
     * What a report is made of.
     *
     * @param definition the definition the execution ran
     * @param history    {@code {"events": [...]}} as {@code GetExecutionHistory} returns it
     * @param summary    the summarize function's output, or null when the run produced none
     * @param baseline   the sequential run's summary from {@code pokepipe bench}, or null
     * @param where      one line saying where the run ran
     * @param consoleUrl the execution in the Step Functions console, or null for a local run
     * @param images     id to its image links
     * @param children   the child executions of the run's Distributed Map Runs, from their ResultWriter files
     */
    public record Inputs(String runId, JsonNode definition, JsonNode history, RunSummary summary, RunSummary baseline,
                         String where, String consoleUrl, IntFunction<ImageLinks> images,
                         List<ChildRuns.Child> children) {

        /** Inputs of a run without Distributed Map Runs. */
        public Inputs(String runId, JsonNode definition, JsonNode history, RunSummary summary, RunSummary baseline,
                      String where, String consoleUrl, IntFunction<ImageLinks> images) {
            this(runId, definition, history, summary, baseline, where, consoleUrl, images, List.of());
        }
    }

    private HtmlReport() {
    }

    /** The page for {@code inputs}. */
    public static String render(Inputs inputs) {
        ExecutionTimeline timeline = ExecutionTimeline.of(inputs.history());
        Bars bars = Bars.of(timeline, inputs.children(), inputs.definition());
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>pokepipe run ").append(Html.escape(inputs.runId())).append("</title><style>")
                .append(resource("report.css")).append("</style></head><body>\n");
        header(inputs, timeline, html);
        html.append("<div class=\"top\"><section id=\"graph\"><h2>Execution graph</h2>")
                .append("<p class=\"legend\"><span class=\"key succeeded\"></span>succeeded <span class=\"key retried\">"
                        + "</span>retried <span class=\"key caught\"></span>caught <span class=\"key failed\"></span>failed "
                        + "<span class=\"key not-run\"></span>not run</p><div class=\"scroll\">")
                .append(StateGraph.svg(inputs.definition(), bars.states()))
                .append("</div></section>\n<section id=\"table\"><h2>The study's table</h2>");
        studyTable(inputs.summary(), inputs.baseline(), html);
        MapRunTable.append(timeline.mapRuns(), inputs.children(), bars.slotsUsed(),
                Definition.mapLimits(inputs.definition()), html);
        html.append("</section></div>\n<section id=\"timeline\"><h2>Timeline</h2>");
        TimelineSvg.append(bars, Definition.mapLimits(inputs.definition()), html);
        html.append("</section>\n");
        Gallery.append(RunInput.idsOf(timeline.input()), inputs.summary(), inputs.images(), html);
        html.append("<script>").append(resource("report.js")).append("</script></body></html>\n");
        return html.toString();
    }

    private static void header(Inputs inputs, ExecutionTimeline timeline, StringBuilder html) {
        RunSummary s = inputs.summary();
        html.append("<header><h1>pokepipe run <code>").append(Html.escape(inputs.runId())).append("</code></h1><p>")
                .append("<span class=\"status ").append(timeline.status().toLowerCase(Locale.ROOT)).append("\">")
                .append(timeline.status()).append("</span> ");
        if (s != null) {
            html.append(String.format(Locale.ROOT, "%d requested, %d processed, %d failed. ",
                    s.requested(), s.processed(), s.failed()));
        }
        if (timeline.start() != null) {
            html.append("Started ").append(timeline.start()).append(", ")
                    .append(String.format(Locale.ROOT, "%.2f s", seconds(timeline.start(), timeline.end())))
                    .append(" from the first event to the last. ");
        }
        html.append(Html.escape(inputs.where()));
        if (inputs.consoleUrl() != null) {
            html.append(" <a href=\"").append(Html.escape(inputs.consoleUrl()))
                    .append("\">Open the execution in the Step Functions console</a>");
        }
        html.append("</p></header>\n");
    }

    private static void studyTable(RunSummary s, RunSummary baseline, StringBuilder html) {
        if (s == null) {
            html.append("<p>No summary: the execution did not reach Summarize.</p>");
            return;
        }
        html.append("<table class=\"study\"><thead><tr><th></th><th>download s</th><th>processing s</th>"
                + "<th>total s</th><th>img/s</th></tr></thead><tbody>");
        if (baseline != null) {
            studyRow("sequential (pokepipe bench)", baseline, html);
        }
        studyRow("this run", s, html);
        if (baseline != null) {
            html.append(String.format(Locale.ROOT,
                    "<tr class=\"speedup\"><th>speed-up</th><td>%.1f×</td><td>%.1f×</td><td>%.1f×</td><td></td></tr>",
                    speedUp(baseline, s, r -> r.download().wallSeconds()), speedUp(baseline, s, r -> r.process().wallSeconds()),
                    speedUp(baseline, s, RunSummary::totalSeconds)));
        }
        html.append("</tbody></table>");
        html.append(String.format(Locale.ROOT, "<p class=\"note\">Per image: download p50 %d ms, p95 %d ms; "
                        + "processing p50 %d ms, p95 %d ms.</p>", s.download().p50Ms(), s.download().p95Ms(),
                s.process().p50Ms(), s.process().p95Ms()));
    }

    private static void studyRow(String label, RunSummary s, StringBuilder html) {
        html.append(String.format(Locale.ROOT,
                "<tr><th>%s</th><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.1f</td></tr>", Html.escape(label),
                s.download().wallSeconds(), s.process().wallSeconds(), s.totalSeconds(), s.imagesPerSecond()));
    }

    /** How many times faster {@code run} did {@code figure} than {@code baseline}; 0 where the run's figure is 0. */
    public static double speedUp(RunSummary baseline, RunSummary run, ToDoubleFunction<RunSummary> figure) {
        return speedUp(figure.applyAsDouble(baseline), figure.applyAsDouble(run));
    }

    /** How many times faster {@code now} is than {@code baseline}, in seconds; 0 where {@code now} is 0. */
    public static double speedUp(double baseline, double now) {
        return now == 0 ? 0 : baseline / now;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream("/report/" + name)) {
            if (in == null) {
                throw new IllegalStateException("/report/" + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
