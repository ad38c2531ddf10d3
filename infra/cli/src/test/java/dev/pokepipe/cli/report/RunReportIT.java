package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.cli.PokepipeCommand;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real run's report, rendered by headless Chromium: what a person opening report.html sees. The
 * run goes through the CLI with injected faults, so the page has retries, caught failures of both
 * stages and processed images; each thing on the page is checked against the stored history and
 * summary, not against numbers written here.
 */
class RunReportIT {

    private static HeadlessChromium chromium;

    @TempDir
    Path dataDir;

    @TempDir
    Path browserDir;

    @BeforeAll
    static void browser() {
        chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, "Chromium is not installed (apt-get install -y chromium, or set POKEPIPE_CHROMIUM):"
                + " the report is not rendered in a browser here");
    }

    @Test
    void theReportShowsTheGraphEveryInvocationAndTheImages() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        int exit = cli.execute("run", "--sample-origin", "--count", "16", "--latency-ms", "30", "--jitter-ms", "10",
                "--not-found-ids", "4", "--error-rate", "0.15", "--corrupt-rate", "0.2", "--seed", "3",
                "--data-dir", dataDir.toString(), "--run-id", "report-it", "--json");
        assertThat(exit).as(out.toString()).isEqualTo(3);
        JsonNode printed = new ObjectMapper().readTree(out.toString());
        Path report = Path.of(printed.at("/outputs/reportFile").asText());
        Path runDir = report.getParent();
        JsonNode history = new ObjectMapper().readTree(runDir.resolve(RunLayout.HISTORY_FILE).toFile());
        JsonNode summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
        JsonNode definition = new ObjectMapper().readTree(runDir.resolve(RunLayout.DEFINITION_FILE).toFile());

        Document page = Jsoup.parse(chromium.domWhen(report, HeadlessChromium.GALLERY_SETTLED, browserDir));

        assertThat(page.select("svg.graph g.state").eachAttr("data-state"))
                .containsExactlyInAnyOrderElementsOf(stateNames(definition));
        assertThat(page.select("svg.graph g.state[data-state=Download]").hasClass("caught")).isTrue();
        assertThat(page.select("svg.graph g.state[data-state=InvalidInput]").hasClass("not-run")).isTrue();
        // The top history's own Tasks (Prepare, Summarize), and a bar per child execution of the two Distributed Maps.
        assertThat(page.select("svg.timeline rect.bar")).hasSize(count(history, "TaskStarted")
                + summary.get("requested").asInt() + summary.get("downloaded").asInt());
        assertThat(page.select("svg.timeline rect.bar.retried"))
                .hasSize(count(history, "TaskScheduled") - count(history, "TaskStateEntered"));
        assertThat(page.select("svg.timeline rect.bar.caught")).hasSize(summary.get("failed").asInt());
        assertThat(page.select("svg.timeline path.inflight").attr("data-peak")).isNotEmpty();

        assertThat(page.select("#gallery figure.item")).hasSize(16);
        assertThat(page.select("#gallery figure.item.failed")).hasSize(summary.get("failed").asInt());
        int images = page.select("#gallery img").size();
        assertThat(images).isEqualTo(2 * summary.get("processed").asInt()
                + (int) countFailures(summary, "process"));
        assertThat(page.select("#gallery").attr("data-loaded")).as("images the browser showed").isEqualTo(String.valueOf(images));
        assertThat(page.select("#gallery").attr("data-broken")).isEqualTo("0");
        assertThat(page.select("table.study td").first().text()).isEqualTo(
                String.format(java.util.Locale.ROOT, "%.2f", summary.at("/download/wallSeconds").asDouble()));
    }

    @Test
    void reportRewritesTheReportFromStoredFiles() throws Exception {
        CommandLine run = PokepipeCommand.commandLine();
        run.setOut(new PrintWriter(new StringWriter()));
        run.setErr(new PrintWriter(new StringWriter()));
        assertThat(run.execute("run", "--sample-origin", "--count", "3", "--latency-ms", "5", "--jitter-ms", "0",
                "--data-dir", dataDir.toString(), "--run-id", "again")).isZero();
        Path report = dataDir.resolve("pokepipe/runs/again/report.html");
        Files.delete(report);

        StringWriter out = new StringWriter();
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("report", "again", "--data-dir", dataDir.toString())).isZero();

        assertThat(out.toString().trim()).isEqualTo(report.toAbsolutePath().toString());
        Document page = Jsoup.parse(chromium.domWhen(report, HeadlessChromium.GALLERY_SETTLED, browserDir));
        assertThat(page.select("svg.timeline rect.bar")).as("prepare, 3 downloads, 3 processes, summarize")
                .hasSize(1 + 3 + 3 + 1);
        assertThat(page.select("#gallery").attr("data-loaded")).isEqualTo("6");
    }

    @Test
    void aReportOf5000IdsOpensAtOnePageOfTheGalleryAndPagesThroughTheRest() throws Exception {
        Path runDir = dataDir.resolve("large");
        RunOutcome run = SyntheticRun.write(runDir, "large", 5000);
        Path report = RunReport.render(run);

        try (HeadlessChromium.Session page = chromium.open(report, browserDir)) {
            page.await(HeadlessChromium.GALLERY_SETTLED);
            assertThat(page.evaluate("document.querySelectorAll('#gallery figure.item').length").asInt())
                    .isEqualTo(Gallery.PAGE_SIZE);
            assertThat(page.evaluate("document.getElementById('gallery').getAttribute('data-broken')").asText()).isEqualTo("0");
            assertThat(page.evaluate("document.getElementsByTagName('*').length").asInt()).as("elements").isLessThan(5000);

            page.evaluate("document.getElementById('page-next').click()");
            page.await(HeadlessChromium.GALLERY_SETTLED);
            assertThat(page.evaluate("document.querySelector('#gallery figure.item').getAttribute('data-id')").asText())
                    .isEqualTo(String.valueOf(Gallery.PAGE_SIZE + 1));
            assertThat(page.evaluate("document.getElementById('page-status').textContent").asText()).isEqualTo("page 2 of 25");

            page.evaluate("var box = document.getElementById('only-failures'); box.checked = true;"
                    + " box.dispatchEvent(new Event('change'))");
            page.await(HeadlessChromium.GALLERY_SETTLED);
            assertThat(page.evaluate("document.querySelectorAll('#gallery figure.item').length").asInt())
                    .isEqualTo(run.summary().failed());
            assertThat(page.evaluate("document.querySelectorAll('#gallery figure.item.ok').length").asInt()).isZero();
            assertThat(page.evaluate("document.getElementById('page-status').textContent").asText()).isEqualTo("page 1 of 1");
        }
    }

    private static List<String> stateNames(JsonNode scope) {
        List<String> names = new ArrayList<>();
        scope.path("States").properties().forEach(s -> {
            names.add(s.getKey());
            names.addAll(stateNames(s.getValue().path("ItemProcessor")));
        });
        return names;
    }

    private static int count(JsonNode history, String type) {
        int n = 0;
        for (JsonNode e : history.path("events")) {
            n += e.path("type").asText().equals(type) ? 1 : 0;
        }
        return n;
    }

    private static long countFailures(JsonNode summary, String stage) {
        List<JsonNode> failures = new ArrayList<>();
        summary.path("failures").forEach(failures::add);
        return failures.stream().filter(f -> f.path("stage").asText().equals(stage)).count();
    }
}
