package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.summarize.RunSummary;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The page drawn from a real execution's history (the recorded one the AWS tests serve). */
class HtmlReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aBenchRunShowsTheSequentialBaselineAndTheSpeedUps() throws IOException {
        RunSummary summary = summary();
        RunSummary.PhaseStats download = summary.download();
        RunSummary baseline = new RunSummary(summary.runId(), summary.requested(), summary.downloaded(),
                summary.processed(), summary.failed(), summary.failures(),
                new RunSummary.PhaseStats(download.count(), download.wallSeconds() * 20, download.sumSeconds(),
                        download.p50Ms(), download.p95Ms()),
                summary.process(), summary.totalSeconds() * 4, summary.imagesPerSecond(), summary.startedAt(),
                summary.finishedAt(), summary.summaryKey());

        Document page = Jsoup.parse(HtmlReport.render(inputs(summary, baseline, null)));

        assertThat(page.select("table.study tbody tr")).hasSize(3);
        assertThat(page.select("table.study tr").get(1).select("th").text()).isEqualTo("sequential (pokepipe bench)");
        assertThat(page.select("table.study tr.speedup td").eachText()).startsWith("20.0×", "1.0×", "4.0×");
    }

    @Test
    void everyPartIsThereAndFailuresShowTheirReason() throws IOException {
        Document page = Jsoup.parse(HtmlReport.render(inputs(summary(), null, "https://console.example/execution")));

        assertThat(page.select("table.study tbody tr")).hasSize(1);
        assertThat(page.select("header a").attr("href")).isEqualTo("https://console.example/execution");
        assertThat(page.select("svg.graph g.state")).hasSize(14);
        assertThat(page.select("svg.timeline rect.bar")).hasSize(3 + 2 + 1);
        assertThat(page.select("#gallery figure.item")).hasSize(3);
        assertThat(page.select("#gallery figure.item.failed").attr("data-id")).isEqualTo("2");
        assertThat(page.select("#gallery figure[data-id=1] img").eachAttr("data-src"))
                .containsExactly("raw/001.png", "processed/001.png");
        assertThat(page.select("#gallery figure[data-id=2] img").eachAttr("data-src"))
                .as("a failed id shows no processed image, even where a file of that name exists")
                .containsExactly("raw/002.png");
        assertThat(page.select("#gallery figure[data-id=2] figcaption").text()).contains("download failed",
                "ImageNotFoundException");
        assertThat(page.select("script:not([type])")).hasSize(1);
        assertThat(page.select("script#gallery-data").attr("type")).isEqualTo("application/json");
        assertThat(page.select("link, [src^=http]")).as("nothing fetched from the network").isEmpty();
    }

    private static HtmlReport.Inputs inputs(RunSummary summary, RunSummary baseline, String consoleUrl) throws IOException {
        JsonNode definition = MAPPER.readTree(recorded("sfn/describe-state-machine.json").get("definition").asText());
        return new HtmlReport.Inputs("recorded-run", definition, recorded("sfn/get-execution-history.json"), summary,
                baseline, "Ran in a test.", consoleUrl, id -> new HtmlReport.ImageLinks(
                String.format("raw/%03d.png", id), String.format("processed/%03d.png", id)));
    }

    private static RunSummary summary() throws IOException {
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("/recorded/s3/summary.json")) {
            return MAPPER.readValue(in, RunSummary.class);
        }
    }

    private static JsonNode recorded(String resource) throws IOException {
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("/recorded/" + resource)) {
            return MAPPER.readTree(in);
        }
    }
}
