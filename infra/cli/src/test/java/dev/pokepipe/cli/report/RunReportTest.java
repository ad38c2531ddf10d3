package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real execution's outcome (the recorded one the AWS tests serve) as the table, the JSON and report.html. */
class RunReportTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path runDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private RunReport report;
    private RunOutcome outcome;

    @BeforeEach
    void recordedRun() throws IOException {
        report = new RunReport(MAPPER, new PrintWriter(out, true), new PrintWriter(err, true));
        JsonNode definition = MAPPER.readTree(recorded("sfn/describe-state-machine.json").get("definition").asText());
        byte[] summary;
        try (InputStream in = RunReportTest.class.getResourceAsStream("/recorded/s3/summary.json")) {
            summary = in.readAllBytes();
        }
        Files.write(runDir.resolve(RunLayout.SUMMARY_FILE), summary);
        Files.createDirectories(runDir.resolve(RunLayout.RAW_FOLDER));
        Files.write(runDir.resolve(RunLayout.RAW_FOLDER).resolve(RunLayout.fileName(1)), new byte[]{1});
        outcome = new RunOutcome("recorded-run", RunOutcome.SUCCEEDED, null, null, definition,
                recorded("sfn/get-execution-history.json"), RunOutcome.readSummary(summary),
                Map.of("DownloadImages", new RunOutcome.MapUse(3, 3, 40)), runDir, "Ran in a test.", null);
    }

    @Test
    void theTableShowsTheSummarysFiguresFailuresAndOutputs() {
        report.printTable(outcome, runDir.resolve(RunLayout.REPORT_FILE));

        assertThat(out.toString().lines()).contains(
                "run recorded-run: 3 requested, 2 processed, 1 failed",
                "                 download s   processing s   total s   img/s",
                "  this run             0.30           0.41      0.73     2.7",
                "  per image: download p50 283 ms, p95 295 ms; processing p50 354 ms, p95 414 ms",
                "  peak concurrency: DownloadImages 3 (limit 40)",
                "     2  download  ImageNotFoundException: GET http://127.0.0.1:43337/002.png answered 404: no image with id 2",
                "outputs: " + runDir.resolve("processed").toAbsolutePath(),
                "summary: " + runDir.resolve("summary.json").toAbsolutePath(),
                "report:  " + runDir.resolve("report.html").toAbsolutePath());
        assertThat(out.toString()).doesNotContain("console:");
    }

    @Test
    void theJsonIsTheSummaryWithConcurrencyAndOutputs() throws IOException {
        report.printJson(outcome, null);

        JsonNode printed = MAPPER.readTree(out.toString());
        ObjectNode summary = printed.deepCopy();
        summary.remove(java.util.List.of("concurrency", "outputs"));
        assertThat(MAPPER.treeToValue(summary, RunSummary.class)).isEqualTo(outcome.summary());
        assertThat(printed.at("/concurrency/DownloadImages/items").asInt()).isEqualTo(3);
        assertThat(printed.at("/concurrency/DownloadImages/peak").asInt()).isEqualTo(3);
        assertThat(printed.at("/concurrency/DownloadImages/limit").asInt()).isEqualTo(40);
        assertThat(printed.at("/outputs/summaryFile").asText()).isEqualTo(runDir.resolve("summary.json").toAbsolutePath().toString());
        assertThat(printed.at("/outputs").has("reportFile")).isFalse();
    }

    @Test
    void theReportIsWrittenIntoTheRunDirectory() throws IOException {
        Path written = report.write(outcome);

        assertThat(written).isEqualTo(runDir.resolve("report.html"));
        Document page = Jsoup.parse(Files.readString(written));
        assertThat(page.title()).isEqualTo("pokepipe run recorded-run");
        assertThat(page.select("header").text()).contains("3 requested, 2 processed, 1 failed.", "Ran in a test.");
        assertThat(page.select("table.study tbody tr")).hasSize(1);
        assertThat(page.select("#gallery figure[data-id=1] img").eachAttr("data-src"))
                .as("only the images that are there").containsExactly("raw/001.png");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aBaselineRunsSummaryGoesBesideTheRunsAndIntoItsTable(@TempDir Path baselineDir) throws IOException {
        Files.copy(runDir.resolve(RunLayout.SUMMARY_FILE), baselineDir.resolve(RunLayout.SUMMARY_FILE));
        RunOutcome baseline = new RunOutcome("sequential", RunOutcome.SUCCEEDED, null, null, outcome.definition(),
                outcome.history(), outcome.summary(), Map.of(), baselineDir, "Ran in a test.", null);

        Path written = report.write(outcome, baseline);

        assertThat(runDir.resolve("baseline.json")).hasSameTextualContentAs(baselineDir.resolve("summary.json"));
        Document page = Jsoup.parse(Files.readString(written));
        assertThat(page.select("table.study tbody tr")).hasSize(3);
        assertThat(page.select("table.study tr.speedup td").eachText()).startsWith("1.0×", "1.0×", "1.0×");
    }

    @Test
    void aRunThatDidNotFinishSaysWhyAndStillHasAReport() {
        RunOutcome failed = new RunOutcome("recorded-run", "FAILED", "States.Runtime", "CheckInput refused it",
                outcome.definition(), outcome.history(), null, Map.of(), runDir, "Ran in a test.", null);
        assertThat(failed.finished()).isFalse();

        Path written = report.write(failed);
        report.printFailure(failed, written);

        assertThat(written).exists();
        assertThat(err.toString().lines()).containsExactly(
                "pokepipe: the run failed: FAILED States.Runtime: CheckInput refused it",
                "report: " + runDir.resolve("report.html").toAbsolutePath());
    }

    @Test
    void aStoredRunIsReadBackFromItsFiles() throws IOException {
        assertThatThrownBy(() -> RunReport.stored(runDir, "recorded-run"))
                .isInstanceOf(RunReport.RunFilesMissingException.class).hasMessageContaining("definition.asl.json");
        Files.writeString(runDir.resolve(RunLayout.DEFINITION_FILE), outcome.definition().toString());
        Files.writeString(runDir.resolve(RunLayout.HISTORY_FILE), outcome.history().toString());

        RunOutcome stored = RunReport.stored(runDir, "recorded-run");

        assertThat(stored.summary()).isEqualTo(outcome.summary());
        assertThat(stored.history()).isEqualTo(outcome.history());
        assertThat(stored.status()).isEqualTo("SUCCEEDED");
        assertThat(RunReport.render(stored)).exists();
    }

    @Test
    void aReportThatCannotBeWrittenIsAWarning() throws IOException {
        Files.createDirectories(runDir.resolve("report.html"));

        assertThat(report.write(outcome)).isNull();
        assertThat(err.toString()).startsWith("pokepipe: warning: no report for run recorded-run: could not write");
    }

    private static JsonNode recorded(String resource) throws IOException {
        try (InputStream in = RunReportTest.class.getResourceAsStream("/recorded/" + resource)) {
            return MAPPER.readTree(in);
        }
    }
}
