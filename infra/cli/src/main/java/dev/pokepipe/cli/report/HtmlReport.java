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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * A run as one self-contained HTML page: the execution graph drawn from the definition, a timeline of
 * every Lambda invocation with the number in flight above it, the study's table (with the sequential
 * baseline when there is one) and a gallery of each id's original and processed image. CSS, script
 * and SVG are inline; images are referenced by the hrefs the caller gives, relative to the page.
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
     */
    public record Inputs(String runId, JsonNode definition, JsonNode history, RunSummary summary, RunSummary baseline,
                         String where, String consoleUrl, IntFunction<ImageLinks> images) {
    }

    private HtmlReport() {
    }

    /** The page for {@code inputs}. */
    public static String render(Inputs inputs) {
        ExecutionTimeline timeline = ExecutionTimeline.of(inputs.history());
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
                .append(StateGraph.svg(inputs.definition(), timeline.states()))
                .append("</div></section>\n<section id=\"table\"><h2>The study's table</h2>");
        studyTable(inputs.summary(), inputs.baseline(), html);
        html.append("</section></div>\n<section id=\"timeline\"><h2>Timeline</h2>");
        timelineSvg(timeline, inputs.definition(), html);
        html.append("</section>\n");
        gallery(inputs, timeline, html);
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

    /** In-flight curve, then one lane per concurrency slot of each Map and one for the top-level tasks. */
    private static void timelineSvg(ExecutionTimeline timeline, JsonNode definition, StringBuilder html) {
        List<ExecutionTimeline.Invocation> invocations = timeline.invocations();
        if (invocations.isEmpty()) {
            html.append("<p>No Lambda invocations in this execution.</p>");
            return;
        }
        Map<String, Integer> limits = Definition.mapLimits(definition);
        Map<String, Integer> laneBase = new LinkedHashMap<>();
        Map<String, String> kind = new HashMap<>();
        int lanes = 0;
        for (ExecutionTimeline.Invocation i : invocations) {
            String group = i.map() == null ? "" : i.map();
            if (!laneBase.containsKey(group)) {
                laneBase.put(group, lanes);
                lanes += i.map() == null ? 1 : timeline.slotsUsed().getOrDefault(i.map(), 1);
                kind.put(group, group.isEmpty() ? "top" : "k" + kind.values().stream().filter(k -> !k.equals("top")).count());
            }
        }
        Instant t0 = timeline.start();
        double span = Math.max(0.001, seconds(t0, timeline.end()));
        double scale = TIMELINE_WIDTH / span;
        double lanesTop = CHART_HEIGHT + 40;
        double height = lanesTop + lanes * LANE_HEIGHT + 30;
        double width = AXIS_LEFT + TIMELINE_WIDTH + 20;
        html.append(String.format(Locale.ROOT, "<p class=\"legend\">Each bar is one Lambda invocation; one lane per "
                + "concurrency slot. <span class=\"key k0\"></span>%s <span class=\"key k1\"></span>%s "
                + "<span class=\"key top\"></span>other tasks <span class=\"key retried\"></span>failed, retried "
                + "<span class=\"key bar-failed\"></span>failed, caught. Hover a bar for its id and timing.</p>",
                Html.escape(nameOfKind(laneBase, 0)), Html.escape(nameOfKind(laneBase, 1))));
        html.append(String.format(Locale.ROOT, "<div class=\"scroll\"><svg class=\"timeline\" "
                + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">",
                width, height, width, height));
        inFlightChart(timeline, limits, scale, html);
        for (int s = 0; s <= (int) Math.ceil(span); s += Math.max(1, (int) Math.ceil(span / 12))) {
            double x = AXIS_LEFT + s * scale;
            html.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%d s</text>", x, x, height - 18, x, height - 4, s));
        }
        laneBase.forEach((group, base) -> {
            String label = group.isEmpty() ? "top level" : group;
            html.append(String.format(Locale.ROOT, "<text class=\"lane-label\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    AXIS_LEFT - 6, lanesTop + base * LANE_HEIGHT + 8, Html.escape(label)));
        });
        html.append("<g class=\"bars\">");
        for (ExecutionTimeline.Invocation i : invocations) {
            String group = i.map() == null ? "" : i.map();
            double x = AXIS_LEFT + seconds(t0, i.started()) * scale;
            Instant ended = i.ended() == null ? timeline.end() : i.ended();
            double w = Math.max(1, seconds(i.started(), ended) * scale);
            double y = lanesTop + (laneBase.get(group) + i.slot()) * LANE_HEIGHT;
            html.append(String.format(Locale.ROOT,
                    "<rect class=\"bar %s %s\" data-state=\"%s\"%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                            + "<title>%s</title></rect>",
                    kind.get(group), i.outcome().name().toLowerCase(Locale.ROOT), Html.escape(i.state()),
                    i.id() == null ? "" : " data-id=\"" + i.id() + "\"", x, y, w, LANE_HEIGHT - 2,
                    Html.escape(barTitle(i, t0))));
        }
        html.append("</g></svg></div>");
    }

    private static String nameOfKind(Map<String, Integer> laneBase, int index) {
        List<String> groups = new ArrayList<>(laneBase.keySet());
        groups.remove("");
        return index < groups.size() ? groups.get(index) : "-";
    }

    private static void inFlightChart(ExecutionTimeline timeline, Map<String, Integer> limits, double scale,
                                      StringBuilder html) {
        List<ExecutionTimeline.InFlight> curve = timeline.inFlight();
        int peak = curve.stream().mapToInt(ExecutionTimeline.InFlight::count).max().orElse(1);
        int top = Math.max(peak, limits.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        double base = CHART_HEIGHT + 10;
        double yScale = CHART_HEIGHT / top;
        html.append(String.format(Locale.ROOT, "<text class=\"lane-label\" x=\"%.1f\" y=\"%.1f\">in flight</text>",
                AXIS_LEFT - 6, base - CHART_HEIGHT / 2));
        limits.forEach((map, limit) -> html.append(String.format(Locale.ROOT,
                "<line class=\"limit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                        + "<text class=\"limit-label\" x=\"%.1f\" y=\"%.1f\">%s MaxConcurrency %d</text>",
                AXIS_LEFT, base - limit * yScale, AXIS_LEFT + TIMELINE_WIDTH, base - limit * yScale,
                AXIS_LEFT + TIMELINE_WIDTH - 4, base - limit * yScale - 3, Html.escape(map), limit)));
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", AXIS_LEFT, base));
        int previous = 0;
        for (ExecutionTimeline.InFlight p : curve) {
            double x = AXIS_LEFT + seconds(timeline.start(), p.at()) * scale;
            d.append(String.format(Locale.ROOT, " L%.1f,%.1f L%.1f,%.1f", x, base - previous * yScale, x,
                    base - p.count() * yScale));
            previous = p.count();
        }
        html.append("<path class=\"inflight\" d=\"").append(d).append("\" data-peak=\"").append(peak).append("\">")
                .append("<title>peak ").append(peak).append(" invocations in flight</title></path>");
        html.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                AXIS_LEFT, base, AXIS_LEFT + TIMELINE_WIDTH, base));
    }

    private static String barTitle(ExecutionTimeline.Invocation i, Instant t0) {
        StringBuilder b = new StringBuilder(i.state());
        if (i.id() != null) {
            b.append(" id ").append(i.id());
        }
        if (i.attempt() > 1) {
            b.append(", attempt ").append(i.attempt());
        }
        b.append(String.format(Locale.ROOT, ": %.3f s", seconds(t0, i.started())));
        if (i.ended() != null) {
            b.append(String.format(Locale.ROOT, " + %d ms", Duration.between(i.started(), i.ended()).toMillis()));
        }
        b.append(", ").append(i.outcome().name().toLowerCase(Locale.ROOT));
        if (i.error() != null) {
            b.append(": ").append(i.error()).append(": ").append(i.cause());
        }
        return b.toString();
    }

    private static void gallery(Inputs inputs, ExecutionTimeline timeline, StringBuilder html) {
        Map<Integer, RunSummary.Failure> failures = new HashMap<>();
        if (inputs.summary() != null && inputs.summary().failures() != null) {
            inputs.summary().failures().forEach(f -> failures.put(f.id(), f));
        }
        List<Integer> ids = RunInput.idsOf(timeline.input());
        html.append("<section id=\"gallery\"><h2>Gallery</h2><p class=\"legend\">Original and processed, side by "
                + "side. <span id=\"gallery-status\">").append(ids.size()).append(" ids.</span>")
                .append(" <label><input type=\"checkbox\" id=\"only-failures\"> failures only</label></p>")
                .append("<div class=\"grid\">");
        for (int id : ids) {
            RunSummary.Failure failure = failures.get(id);
            ImageLinks links = inputs.images().apply(id);
            html.append("<figure class=\"item ").append(failure == null ? "ok" : "failed").append("\" data-id=\"")
                    .append(id).append("\"><div class=\"pair\">");
            image(links.original(), "original " + id, html);
            image(failure == null ? links.processed() : null, "processed " + id, html);
            html.append("</div><figcaption>#").append(id);
            if (failure != null) {
                String error = failure.error();
                html.append(" <b>").append(Html.escape(failure.stage())).append(" failed</b>: ")
                        .append(Html.escape(error.substring(error.lastIndexOf('.') + 1))).append("<br><span class=\"cause\">")
                        .append(Html.escape(failure.cause())).append("</span>");
            }
            html.append("</figcaption></figure>");
        }
        html.append("</div></section>\n");
    }

    private static void image(String href, String alt, StringBuilder html) {
        if (href == null) {
            html.append("<div class=\"missing\">—</div>");
        } else {
            // The script sets src as the image nears the viewport: a gallery of the most ids a run takes must not load all its images at once.
            html.append("<img decoding=\"async\" width=\"120\" height=\"120\" data-src=\"")
                    .append(Html.escape(href)).append("\" alt=\"").append(Html.escape(alt)).append("\">");
        }
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
