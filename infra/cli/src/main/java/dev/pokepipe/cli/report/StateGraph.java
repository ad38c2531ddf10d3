package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The execution graph as SVG, laid out from the definition itself: states in rows by their longest
 * distance from {@code StartAt}, transitions as arrows, each Map drawn around its own iteration graph
 * with its concurrency, and every state coloured by what the history says happened to it.
 */
final class StateGraph {

    private static final double NODE_W = 200;
    private static final double NODE_H = 48;
    private static final double GAP_X = 28;
    private static final double GAP_Y = 44;
    private static final double PAD = 16;
    private static final double MAP_HEADER = 44;
    private static final String START = "\u0000Start";
    private static final String END = "\u0000End";

    private final Map<String, ExecutionTimeline.StateCounts> counts;

    private StateGraph(Map<String, ExecutionTimeline.StateCounts> counts) {
        this.counts = counts;
    }

    /** The graph of {@code definition}, coloured by {@code counts} (state name to counts; missing means not run). */
    static String svg(JsonNode definition, Map<String, ExecutionTimeline.StateCounts> counts) {
        StateGraph graph = new StateGraph(counts);
        Layout layout = graph.layout(definition, true);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
                "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                        + "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"execution graph\">",
                layout.width, layout.height, layout.width, layout.height));
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/>"
                + "</marker></defs>");
        graph.draw(layout, 0, 0, svg);
        svg.append("</svg>");
        return svg.toString();
    }

    private static final class Node {
        final String name;
        final JsonNode spec;
        double x;
        double y;
        double w = NODE_W;
        double h = NODE_H;
        Layout inner;

        Node(String name, JsonNode spec) {
            this.name = name;
            this.spec = spec;
        }
    }

    private record Edge(String from, String to, String label) {
    }

    private static final class Layout {
        final Map<String, Node> nodes = new LinkedHashMap<>();
        final List<Edge> edges = new ArrayList<>();
        double width;
        double height;
    }

    private Layout layout(JsonNode scope, boolean top) {
        Layout layout = new Layout();
        JsonNode states = scope.path("States");
        String startAt = scope.path("StartAt").asText();
        if (top) {
            layout.nodes.put(START, new Node(START, null));
            layout.edges.add(new Edge(START, startAt, null));
        }
        states.properties().forEach(s -> layout.nodes.put(s.getKey(), new Node(s.getKey(), s.getValue())));
        boolean anyEnd = false;
        for (var s : states.properties()) {
            JsonNode spec = s.getValue();
            for (JsonNode choice : spec.path("Choices")) {
                layout.edges.add(new Edge(s.getKey(), choice.path("Next").asText(), null));
            }
            if (spec.has("Default")) {
                layout.edges.add(new Edge(s.getKey(), spec.get("Default").asText(), "default"));
            }
            if (spec.has("Next")) {
                layout.edges.add(new Edge(s.getKey(), spec.get("Next").asText(), null));
            }
            for (JsonNode c : spec.path("Catch")) {
                layout.edges.add(new Edge(s.getKey(), c.path("Next").asText(), "catch"));
            }
            String type = spec.path("Type").asText();
            // A Fail state ends the execution too, but its arrow to End would cross the whole graph.
            boolean ends = spec.path("End").asBoolean() || type.equals("Succeed");
            if (top && ends) {
                layout.edges.add(new Edge(s.getKey(), END, null));
                anyEnd = true;
            }
            if (type.equals("Map")) {
                Node map = layout.nodes.get(s.getKey());
                JsonNode processor = spec.has("ItemProcessor") ? spec.get("ItemProcessor") : spec.path("Iterator");
                map.inner = layout(processor, false);
                map.w = Math.max(NODE_W + 60, map.inner.width + 2 * PAD);
                map.h = MAP_HEADER + map.inner.height + PAD;
            }
        }
        if (anyEnd) {
            layout.nodes.put(END, new Node(END, null));
        }
        layout.edges.removeIf(e -> !layout.nodes.containsKey(e.to()));
        place(layout, top ? START : startAt);
        return layout;
    }

    /** Rows by longest distance from the start, ignoring edges that lead back; rows centred. */
    private static void place(Layout layout, String start) {
        Map<String, List<String>> out = new HashMap<>();
        layout.edges.forEach(e -> out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to()));
        List<String> postOrder = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> onStack = new HashSet<>();
        Set<Edge> back = new HashSet<>();
        visit(start, out, seen, onStack, postOrder, back, layout);
        layout.nodes.keySet().stream().filter(n -> !seen.contains(n))
                .forEach(n -> visit(n, out, seen, onStack, postOrder, back, layout));
        Map<String, Integer> rank = new HashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            String n = postOrder.get(i);
            rank.putIfAbsent(n, 0);
            for (Edge e : layout.edges) {
                if (e.from().equals(n) && !back.contains(e)) {
                    rank.merge(e.to(), rank.get(n) + 1, Math::max);
                }
            }
        }
        Map<Integer, List<Node>> rows = new java.util.TreeMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            String n = postOrder.get(i);
            rows.computeIfAbsent(rank.get(n), k -> new ArrayList<>()).add(layout.nodes.get(n));
        }
        for (Node n : layout.nodes.values()) {
            if (n.spec == null) {
                n.w = 90;
                n.h = 30;
            }
        }
        double y = PAD;
        double width = 0;
        for (List<Node> row : rows.values()) {
            width = Math.max(width, row.stream().mapToDouble(n -> n.w).sum() + GAP_X * (row.size() - 1));
        }
        width += 2 * PAD;
        Map<String, Double> centre = new HashMap<>();
        for (List<Node> row : rows.values()) {
            orderByParents(row, layout, back, centre);
            double rowWidth = row.stream().mapToDouble(n -> n.w).sum() + GAP_X * (row.size() - 1);
            double x = (width - rowWidth) / 2;
            double rowHeight = row.stream().mapToDouble(n -> n.h).max().orElse(NODE_H);
            for (Node n : row) {
                n.x = x;
                n.y = y;
                centre.put(n.name, x + n.w / 2);
                x += n.w + GAP_X;
            }
            y += rowHeight + GAP_Y;
        }
        layout.width = width;
        layout.height = y - GAP_Y + PAD;
    }

    /** Fewer crossings: each node goes under the mean position of the nodes that lead to it. */
    private static void orderByParents(List<Node> row, Layout layout, Set<Edge> back, Map<String, Double> centre) {
        Map<String, Double> key = new HashMap<>();
        for (int i = 0; i < row.size(); i++) {
            String name = row.get(i).name;
            double fallback = i;
            key.put(name, layout.edges.stream()
                    .filter(e -> e.to().equals(name) && !back.contains(e) && centre.containsKey(e.from()))
                    .mapToDouble(e -> centre.get(e.from())).average().orElse(fallback));
        }
        row.sort(java.util.Comparator.comparingDouble(n -> key.get(n.name)));
    }

    private static void visit(String n, Map<String, List<String>> out, Set<String> seen, Set<String> onStack,
                              List<String> postOrder, Set<Edge> back, Layout layout) {
        if (!seen.add(n)) {
            return;
        }
        onStack.add(n);
        for (String to : out.getOrDefault(n, List.of())) {
            if (onStack.contains(to)) {
                layout.edges.stream().filter(e -> e.from().equals(n) && e.to().equals(to)).forEach(back::add);
            } else {
                visit(to, out, seen, onStack, postOrder, back, layout);
            }
        }
        onStack.remove(n);
        postOrder.add(n);
    }

    private void draw(Layout layout, double ox, double oy, StringBuilder svg) {
        for (Edge e : layout.edges) {
            Node a = layout.nodes.get(e.from());
            Node b = layout.nodes.get(e.to());
            double x1 = ox + a.x + a.w / 2;
            double y1 = oy + a.y + a.h;
            double x2 = ox + b.x + b.w / 2;
            double y2 = oy + b.y;
            double bend = Math.max(20, Math.abs(y2 - y1) / 2);
            svg.append(String.format(Locale.ROOT,
                    "<path class=\"edge%s\" d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" marker-end=\"url(#arrow)\"/>",
                    e.label() == null ? "" : " " + e.label(), x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2));
            if (e.label() != null) {
                svg.append(String.format(Locale.ROOT, "<text class=\"edge-label\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                        (x1 + x2) / 2 + 4, (y1 + y2) / 2, e.label()));
            }
        }
        for (Node n : layout.nodes.values()) {
            double x = ox + n.x;
            double y = oy + n.y;
            if (n.spec == null) {
                svg.append(String.format(Locale.ROOT,
                        "<g class=\"terminal\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"15\"/>"
                                + "<text x=\"%.1f\" y=\"%.1f\">%s</text></g>",
                        x, y, n.w, n.h, x + n.w / 2, y + 20, n.name.substring(1)));
                continue;
            }
            String type = n.spec.path("Type").asText();
            ExecutionTimeline.StateCounts c = counts.get(n.name);
            String outcome = outcome(type, c);
            svg.append(String.format(Locale.ROOT, "<g class=\"state %s\" data-state=\"%s\" data-type=\"%s\">",
                    outcome, Html.escape(n.name), Html.escape(type)));
            svg.append(String.format(Locale.ROOT,
                    "<title>%s (%s): %s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"6\"/>",
                    Html.escape(n.name), Html.escape(type), describe(c), x, y, n.w, n.h));
            String title = n.name + ("Map".equals(type) && n.spec.has("MaxConcurrency")
                    ? "  ·  Map, MaxConcurrency " + n.spec.get("MaxConcurrency").asInt() : "  ·  " + type);
            svg.append(String.format(Locale.ROOT, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    x + n.w / 2, y + 19, Html.escape(title)));
            svg.append(String.format(Locale.ROOT, "<text class=\"counts\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                    x + n.w / 2, y + 37, Html.escape(annotation(type, c))));
            svg.append("</g>");
            if (n.inner != null) {
                draw(n.inner, x + (n.w - n.inner.width) / 2, y + MAP_HEADER, svg);
            }
        }
    }

    private static String outcome(String type, ExecutionTimeline.StateCounts c) {
        if (c == null || c.entered() == 0 && c.succeeded() + c.failed() + c.caught() + c.retried() == 0) {
            return "not-run";
        }
        if (c.failed() > 0 || type.equals("Fail")) {
            return "failed";
        }
        if (c.caught() > 0) {
            return "caught";
        }
        return c.retried() > 0 ? "retried" : "succeeded";
    }

    private static String annotation(String type, ExecutionTimeline.StateCounts c) {
        if (c == null) {
            return "not run";
        }
        if (!type.equals("Task")) {
            return type.equals("Map") ? c.entered() + " run, " + c.succeeded() + " done" : c.entered() + "×";
        }
        List<String> parts = new ArrayList<>();
        parts.add(c.succeeded() + " ok");
        if (c.retried() > 0) {
            parts.add(c.retried() + " retried");
        }
        if (c.caught() > 0) {
            parts.add(c.caught() + " caught");
        }
        if (c.failed() > 0) {
            parts.add(c.failed() + " failed");
        }
        return String.join(" · ", parts);
    }

    private static String describe(ExecutionTimeline.StateCounts c) {
        return c == null ? "not run" : String.format(Locale.ROOT,
                "entered %d, succeeded %d, retried %d, caught %d, failed %d",
                c.entered(), c.succeeded(), c.retried(), c.caught(), c.failed());
    }
}
