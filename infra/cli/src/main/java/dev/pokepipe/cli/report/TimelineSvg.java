package dev.pokepipe.cli.report;

import dev.pokepipe.cli.report.ExecutionTimeline.InFlight;
import dev.pokepipe.cli.report.ExecutionTimeline.Invocation;
import dev.pokepipe.cli.report.ExecutionTimeline.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The timeline as SVG: the number in flight over time with each Map's limit, then one lane per
 * concurrency slot of each Map and one for the top-level tasks. Up to {@link #WIDTH} bars each is
 * drawn with its own hover text; past that there are more bars than pixels, so each lane is drawn
 * as the spans it was busy and only the bars that did not succeed are drawn one by one (merged too
 * when they alone outnumber the pixels), and the in-flight curve keeps each pixel's highest count.
 * The page's size then grows with the lanes and the failures, not with the ids.
 */
final class TimelineSvg {

    /** The timeline's width in pixels, and the most bars drawn one by one. */
    static final int WIDTH = 1100;
    private static final double LANE_HEIGHT = 9;
    private static final double CHART_HEIGHT = 110;
    private static final double AXIS_LEFT = 150;

    private final Bars bars;
    private final Map<String, Integer> limits;
    private final Instant t0;
    private final double scale;
    private final StringBuilder html;
    private final Map<String, Integer> laneBase = new LinkedHashMap<>();
    private final Map<String, String> kind = new HashMap<>();
    private double lanesTop;

    private TimelineSvg(Bars bars, Map<String, Integer> limits, StringBuilder html) {
        this.bars = bars;
        this.limits = limits;
        this.html = html;
        this.t0 = bars.start();
        this.scale = WIDTH / Math.max(0.001, seconds(t0, bars.end()));
    }

    /** Appends the timeline of {@code bars}, with {@code limits} (per Map, its MaxConcurrency) drawn in. */
    static void append(Bars bars, Map<String, Integer> limits, StringBuilder html) {
        if (bars.invocations().isEmpty()) {
            html.append("<p>No Lambda invocations in this execution.</p>");
            return;
        }
        new TimelineSvg(bars, limits, html).draw();
    }

    private void draw() {
        List<Invocation> invocations = bars.invocations();
        int lanes = 0;
        for (Invocation i : invocations) {
            String group = group(i);
            if (!laneBase.containsKey(group)) {
                laneBase.put(group, lanes);
                lanes += i.map() == null ? 1 : bars.slotsUsed().getOrDefault(i.map(), 1);
                kind.put(group, group.isEmpty() ? "top" : "k" + kind.values().stream().filter(k -> !k.equals("top")).count());
            }
        }
        boolean sampled = invocations.size() > WIDTH;
        double span = Math.max(0.001, seconds(t0, bars.end()));
        lanesTop = CHART_HEIGHT + 40;
        double height = lanesTop + lanes * LANE_HEIGHT + 30;
        double width = AXIS_LEFT + WIDTH + 20;
        String what = bars.fromChildren() ? "Each bar in a Map's lanes is one child execution (one item); each other bar "
                + "one Lambda invocation" : "Each bar is one Lambda invocation";
        html.append(String.format(Locale.ROOT, "<p class=\"legend\">%s; one lane per concurrency slot. "
                        + "<span class=\"key k0\"></span>%s <span class=\"key k1\"></span>%s "
                        + "<span class=\"key top\"></span>other tasks <span class=\"key retried\"></span>failed, retried "
                        + "<span class=\"key bar-failed\"></span>failed, caught. %s</p>", what,
                Html.escape(nameOfKind(0)), Html.escape(nameOfKind(1)), sampled
                        ? String.format(Locale.ROOT, "%d bars are more than the %d pixels across, so each lane shows the "
                        + "spans it was busy and the failed bars on top; hover a span for its count.",
                        invocations.size(), WIDTH)
                        : "Hover a bar for its id and timing."));
        html.append(String.format(Locale.ROOT, "<div class=\"scroll\"><svg class=\"timeline%s\" data-bars=\"%d\" "
                        + "xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">",
                sampled ? " sampled" : "", invocations.size(), width, height, width, height));
        inFlightChart(sampled);
        for (int s = 0; s <= (int) Math.ceil(span); s += Math.max(1, (int) Math.ceil(span / 12))) {
            double x = AXIS_LEFT + s * scale;
            html.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%d s</text>", x, x, height - 18, x, height - 4, s));
        }
        laneBase.forEach((group, base) -> html.append(String.format(Locale.ROOT,
                "<text class=\"lane-label\" x=\"%.1f\" y=\"%.1f\">%s</text>", AXIS_LEFT - 6,
                lanesTop + base * LANE_HEIGHT + 8, Html.escape(group.isEmpty() ? "top level" : group))));
        html.append("<g class=\"bars\">");
        if (sampled) {
            drawSpans(invocations);
        } else {
            invocations.forEach(this::bar);
        }
        html.append("</g></svg></div>");
    }

    /** Busy spans per lane; then the bars that did not succeed, one by one or, past the width, as spans of their own. */
    private void drawSpans(List<Invocation> invocations) {
        Map<String, List<Invocation>> byLane = new LinkedHashMap<>();
        List<Invocation> unsuccessful = new ArrayList<>();
        for (Invocation i : invocations) {
            byLane.computeIfAbsent(group(i) + '\u0000' + i.slot(), k -> new ArrayList<>()).add(i);
            if (i.outcome() != Outcome.SUCCEEDED) {
                unsuccessful.add(i);
            }
        }
        byLane.values().forEach(lane -> spans(lane, "span " + kind.get(group(lane.get(0)))));
        if (unsuccessful.size() <= WIDTH) {
            unsuccessful.forEach(this::bar);
            return;
        }
        Map<String, List<Invocation>> byLaneAndOutcome = new LinkedHashMap<>();
        for (Invocation i : unsuccessful) {
            byLaneAndOutcome.computeIfAbsent(group(i) + '\u0000' + i.slot() + '\u0000' + i.outcome(),
                    k -> new ArrayList<>()).add(i);
        }
        byLaneAndOutcome.values().forEach(lane -> spans(lane, "span " + outcomeClass(lane.get(0).outcome())));
    }

    /** One rect per run of bars in one lane with less than a pixel between them. */
    private void spans(List<Invocation> lane, String cssClass) {
        lane.sort(Comparator.comparing(Invocation::started));
        Invocation first = lane.get(0);
        double y = lanesTop + (laneBase.get(group(first)) + first.slot()) * LANE_HEIGHT;
        double from = x(first.started());
        double to = Math.max(from + 1, x(endOf(first)));
        int count = 1;
        for (int k = 1; k < lane.size(); k++) {
            Invocation i = lane.get(k);
            double x = x(i.started());
            if (x - to >= 1) {
                span(cssClass, first, from, to, y, count);
                from = x;
                count = 0;
            }
            to = Math.max(to, Math.max(x + 1, x(endOf(i))));
            count++;
        }
        span(cssClass, first, from, to, y, count);
    }

    private void span(String cssClass, Invocation sample, double from, double to, double y, int count) {
        html.append(String.format(Locale.ROOT,
                "<rect class=\"%s\" data-count=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s"
                        + "%s, slot %d: %d %s from %.2f s to %.2f s</title></rect>",
                cssClass, count, from, y, to - from, LANE_HEIGHT - 2, Html.escape(sample.state()),
                sample.map() == null ? "" : " in " + Html.escape(sample.map()), sample.slot(), count,
                sample.outcome() == Outcome.SUCCEEDED ? "bars" : "bars " + outcomeClass(sample.outcome()),
                (from - AXIS_LEFT) / scale, (to - AXIS_LEFT) / scale));
    }

    private void bar(Invocation i) {
        double x = x(i.started());
        double w = Math.max(1, seconds(i.started(), endOf(i)) * scale);
        double y = lanesTop + (laneBase.get(group(i)) + i.slot()) * LANE_HEIGHT;
        html.append(String.format(Locale.ROOT,
                "<rect class=\"bar %s %s\" data-state=\"%s\"%s x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                        + "<title>%s</title></rect>",
                kind.get(group(i)), outcomeClass(i.outcome()), Html.escape(i.state()),
                i.id() == null ? "" : " data-id=\"" + i.id() + "\"", x, y, w, LANE_HEIGHT - 2, Html.escape(title(i))));
    }

    private void inFlightChart(boolean sampled) {
        List<InFlight> curve = bars.inFlight();
        int peak = curve.stream().mapToInt(InFlight::count).max().orElse(1);
        int top = Math.max(peak, limits.values().stream().mapToInt(Integer::intValue).max().orElse(1));
        double base = CHART_HEIGHT + 10;
        double yScale = CHART_HEIGHT / top;
        html.append(String.format(Locale.ROOT, "<text class=\"lane-label\" x=\"%.1f\" y=\"%.1f\">in flight</text>",
                AXIS_LEFT - 6, base - CHART_HEIGHT / 2));
        limits.forEach((map, limit) -> html.append(String.format(Locale.ROOT,
                "<line class=\"limit\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                        + "<text class=\"limit-label\" x=\"%.1f\" y=\"%.1f\">%s MaxConcurrency %d</text>",
                AXIS_LEFT, base - limit * yScale, AXIS_LEFT + WIDTH, base - limit * yScale,
                AXIS_LEFT + WIDTH - 4, base - limit * yScale - 3, Html.escape(map), limit)));
        StringBuilder d = new StringBuilder(String.format(Locale.ROOT, "M%.1f,%.1f", AXIS_LEFT, base));
        int previous = 0;
        for (InFlight p : sampled ? perPixel(curve) : curve) {
            double x = x(p.at());
            d.append(String.format(Locale.ROOT, " L%.1f,%.1f L%.1f,%.1f", x, base - previous * yScale, x,
                    base - p.count() * yScale));
            previous = p.count();
        }
        html.append("<path class=\"inflight\" d=\"").append(d).append("\" data-peak=\"").append(peak).append("\">")
                .append("<title>peak ").append(peak).append(" in flight</title></path>");
        html.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                AXIS_LEFT, base, AXIS_LEFT + WIDTH, base));
    }

    /** The curve with one point per pixel it changes in, each the highest count in that pixel, so no peak is lost. */
    private List<InFlight> perPixel(List<InFlight> curve) {
        List<InFlight> sampled = new ArrayList<>();
        long column = Long.MIN_VALUE;
        InFlight highest = null;
        int last = 0;
        for (InFlight p : curve) {
            long c = (long) Math.floor(x(p.at()));
            if (c != column) {
                if (highest != null) {
                    sampled.add(highest);
                    if (last != highest.count()) {
                        // The pixel ends at its last count, which the next pixel starts from.
                        sampled.add(new InFlight(highest.at(), last));
                    }
                }
                column = c;
                highest = p;
            } else if (p.count() > highest.count()) {
                highest = new InFlight(highest.at(), p.count());
            }
            last = p.count();
        }
        if (highest != null) {
            sampled.add(highest);
            sampled.add(new InFlight(highest.at(), last));
        }
        return sampled;
    }

    private String nameOfKind(int index) {
        List<String> groups = new ArrayList<>(laneBase.keySet());
        groups.remove("");
        return index < groups.size() ? groups.get(index) : "-";
    }

    private String title(Invocation i) {
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

    private static String outcomeClass(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    private static String group(Invocation i) {
        return i.map() == null ? "" : i.map();
    }

    private Instant endOf(Invocation i) {
        return i.ended() == null ? bars.end() : i.ended();
    }

    private double x(Instant at) {
        return AXIS_LEFT + seconds(t0, at) * scale;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }
}
