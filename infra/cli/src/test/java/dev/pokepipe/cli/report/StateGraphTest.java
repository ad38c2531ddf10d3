package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.local.LocalPipeline;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateGraphTest {

    @Test
    void drawsEveryStateOfThePipelineOnceWithoutOverlaps() throws Exception {
        JsonNode definition = new ObjectMapper().readTree(LocalPipeline.definitionText().replaceAll("\\$\\{[A-Za-z]+}", "x"));

        Document svg = Jsoup.parse(StateGraph.svg(definition, Map.of()), "", Parser.xmlParser());

        List<String> drawn = svg.select("g.state").eachAttr("data-state");
        assertThat(drawn).containsExactlyInAnyOrder("CheckInput", "CountIds", "CheckIds", "InvalidInput", "Prepare",
                "InputRefused", "DownloadImages", "Download", "DownloadFailed", "ProcessImages", "Process",
                "ProcessFailed", "Summarize");
        assertThat(svg.select("g.state.not-run")).hasSize(drawn.size());
        assertThat(svg.select("g.state[data-state=DownloadImages] text.name").text()).contains("MaxConcurrency 40");
        Map<String, double[]> boxes = new HashMap<>();
        for (Element g : svg.select("g.state")) {
            Element r = g.selectFirst("rect");
            boxes.put(g.attr("data-state"), new double[]{d(r, "x"), d(r, "y"), d(r, "width"), d(r, "height")});
        }
        assertThat(inside(boxes.get("Download"), boxes.get("DownloadImages"))).isTrue();
        assertThat(inside(boxes.get("ProcessFailed"), boxes.get("ProcessImages"))).isTrue();
        for (var a : boxes.entrySet()) {
            for (var b : boxes.entrySet()) {
                if (!a.getKey().equals(b.getKey()) && !inside(a.getValue(), b.getValue())
                        && !inside(b.getValue(), a.getValue())) {
                    assertThat(overlap(a.getValue(), b.getValue())).as("%s overlaps %s", a.getKey(), b.getKey()).isFalse();
                }
            }
        }
        assertThat(boxes.get("CheckInput")[1]).isLessThan(boxes.get("DownloadImages")[1]);
        assertThat(boxes.get("DownloadImages")[1]).isLessThan(boxes.get("ProcessImages")[1]);
        assertThat(boxes.get("ProcessImages")[1]).isLessThan(boxes.get("Summarize")[1]);
    }

    @Test
    void coloursStatesByWhatHappened() throws Exception {
        JsonNode definition = new ObjectMapper().readTree("""
                {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "r", "Next": "B"},
                 "B": {"Type": "Task", "Resource": "r", "Next": "C"}, "C": {"Type": "Task", "Resource": "r", "End": true}}}""");
        ExecutionTimeline.StateCounts ok = new ExecutionTimeline.StateCounts();
        ok.entered = 1;
        ok.succeeded = 1;
        ExecutionTimeline.StateCounts caught = new ExecutionTimeline.StateCounts();
        caught.entered = 3;
        caught.succeeded = 1;
        caught.retried = 2;
        caught.caught = 1;

        Document svg = Jsoup.parse(StateGraph.svg(definition, Map.of("A", ok, "B", caught)), "", Parser.xmlParser());

        assertThat(svg.select("g.state[data-state=A]").hasClass("succeeded")).isTrue();
        assertThat(svg.select("g.state[data-state=B]").hasClass("caught")).isTrue();
        assertThat(svg.select("g.state[data-state=B] text.counts").text()).isEqualTo("1 ok · 2 retried · 1 caught");
        assertThat(svg.select("g.state[data-state=C]").hasClass("not-run")).isTrue();
    }

    private static double d(Element e, String attr) {
        return Double.parseDouble(e.attr(attr));
    }

    private static boolean inside(double[] a, double[] b) {
        return a[0] >= b[0] && a[1] >= b[1] && a[0] + a[2] <= b[0] + b[2] && a[1] + a[3] <= b[1] + b[3];
    }

    private static boolean overlap(double[] a, double[] b) {
        return a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];
    }
}
