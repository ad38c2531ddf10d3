package dev.pokepipe.cli.report;

import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports of Distributed Map runs, synthesized in the layout a run leaves: the timeline and the
 * graph come from the children's ResultWriter records, and a 5000-id page holds one page of the
 * gallery and sampled lanes, so its size follows the lanes and the failures rather than the ids.
 */
class LargeRunReportTest {

    @TempDir
    Path runDir;

    @Test
    void aSmallRunDrawsEveryChildAsABar() throws IOException {
        RunOutcome run = SyntheticRun.write(runDir, "small", 150);

        Document page = Jsoup.parse(Files.readString(RunReport.render(run)));

        int failedDownloads = 1;
        int children = 150 + (150 - failedDownloads);
        assertThat(page.select("svg.timeline").hasClass("sampled")).isFalse();
        assertThat(page.select("svg.timeline rect.bar")).as("every child and Summarize").hasSize(children + 1);
        assertThat(page.select("svg.timeline rect.bar.caught")).hasSize(run.summary().failed());
        assertThat(page.select("svg.timeline rect.bar.k0")).hasSize(150);
        assertThat(page.select("#gallery figure.item")).hasSize(150);
        assertThat(page.select("#page-next")).as("one page, no pager").isEmpty();
        assertThat(page.select("svg.graph g.state[data-state=Download] .counts").text())
                .isEqualTo("149 ok · 1 caught");
        assertThat(page.select("svg.graph g.state[data-state=DownloadFailed]").hasClass("succeeded")).isTrue();
        assertThat(page.select("table.map-runs tbody tr")).hasSize(2);
        assertThat(page.select("table.map-runs tbody tr").get(0).select("td").eachText())
                .containsExactly("SUCCEEDED", "150", "149", "1", "0", "40 / 40");
        assertThat(page.select("table.map-runs tbody tr").get(1).select("td").eachText())
                .containsExactly("SUCCEEDED", "149", "149", "0", "0", "8 / 8");
    }

    @Test
    void theTerminalListsTheFirstFailuresAndSaysHowManyMore() {
        RunOutcome run = SyntheticRun.write(runDir, "large", 5000);
        java.io.StringWriter out = new java.io.StringWriter();

        new RunReport(new com.fasterxml.jackson.databind.ObjectMapper(), new java.io.PrintWriter(out, true),
                new java.io.PrintWriter(new java.io.StringWriter())).printTable(run, null);

        long listed = out.toString().lines().filter(l -> l.matches(" +\\d+  (download|process) .*")).count();
        assertThat(listed).isEqualTo(RunReport.FAILURES_PRINTED);
        assertThat(out.toString()).contains("  ... and " + (run.summary().failed() - RunReport.FAILURES_PRINTED)
                + " more, all in the summary and the report");
    }

    @Test
    void aRunOf5000IdsHasSampledLanesAndOnePageOfTheGallery() throws IOException {
        RunOutcome run = SyntheticRun.write(runDir, "large", 5000);

        Path report = RunReport.render(run);
        Document page = Jsoup.parse(Files.readString(report));

        assertThat(page.select("svg.timeline").hasClass("sampled")).isTrue();
        assertThat(page.select("svg.timeline").attr("data-bars")).isEqualTo(String.valueOf(5000 + 4949 + 1));
        int lanes = 40 + 8 + 1;
        assertThat(page.select("svg.timeline rect.span").size()).as("a few spans per lane").isBetween(lanes, lanes * 4);
        assertThat(page.select("svg.timeline rect.bar.caught")).as("failures stay one bar each")
                .hasSize(run.summary().failed());
        int spanned = page.select("svg.timeline rect.span").stream().mapToInt(r -> Integer.parseInt(r.attr("data-count")))
                .sum();
        assertThat(spanned).as("every bar is in a span").isEqualTo(5000 + 4949 + 1);
        assertThat(page.select("svg.timeline path.inflight").attr("d").split(" L").length)
                .as("the curve has a few points per pixel, not one per start and end")
                .isLessThan(4 * TimelineSvg.WIDTH);
        assertThat(page.select("svg.timeline path.inflight").attr("data-peak")).isEqualTo("40");
        assertThat(page.select("#gallery figure.item")).hasSize(Gallery.PAGE_SIZE);
        assertThat(page.select("#page-status").text()).isEqualTo("page 1 of 25");
        String data = page.select("#gallery-data").html();
        assertThat(data.contains("[5000,\"raw/5000.png\",\"processed/5000.png\"]")).as("the last id").isTrue();
        assertThat(data.contains("[4850,null,null,\"download\",\"ImageNotFoundException\"")).as("a failure").isTrue();
        assertThat(page.select("table.map-runs tbody tr").get(0).select("td").eachText())
                .containsExactly("SUCCEEDED", "5000", "4949", "51", "0", "40 / 40");
        assertThat(page.getAllElements().size()).as("elements in the page").isLessThan(5000);
        assertThat(Files.size(report)).as("bytes").isLessThan(1_000_000);
        assertThat(runDir.resolve(RunLayout.REPORT_FILE)).exists();
    }
}
