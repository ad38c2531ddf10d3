package dev.pokepipe.cli.report;

import dev.pokepipe.local.RunOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * By hand, not in the build (its name matches neither *Test nor *IT): the size of synthesized
 * reports of 150 and 5000 ids, the time to render each, and how long headless Chromium takes to
 * load each page and to settle its first gallery page. Run with
 * {@code ./mvnw -B -pl infra/cli test -Dtest=ReportScaleBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ReportScaleBenchmark {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        assumeTrue(chromium != null, "Chromium is not installed");
        for (int count : new int[]{150, 5000}) {
            RunOutcome run = SyntheticRun.write(dir.resolve("run-" + count), "run-" + count, count);
            Path report = null;
            long[] renderMs = new long[ROUNDS];
            double[] loadMs = new double[ROUNDS];
            long[] settledMs = new long[ROUNDS];
            int elements = 0;
            for (int r = 0; r < ROUNDS; r++) {
                long t = System.nanoTime();
                report = RunReport.render(run);
                renderMs[r] = (System.nanoTime() - t) / 1_000_000;
                long opened = System.nanoTime();
                try (HeadlessChromium.Session page = chromium.open(report, dir.resolve("profile-" + count + "-" + r))) {
                    page.await(HeadlessChromium.GALLERY_SETTLED);
                    settledMs[r] = (System.nanoTime() - opened) / 1_000_000;
                    page.await("performance.getEntriesByType('navigation')[0].loadEventEnd > 0");
                    loadMs[r] = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd").asDouble();
                    elements = page.evaluate("document.getElementsByTagName('*').length").asInt();
                }
            }
            System.out.printf(Locale.ROOT, "%5d ids: %,d bytes, %d elements; render median %d ms; Chromium load event "
                            + "median %.0f ms; open to first gallery page settled median %d ms%n", count,
                    Files.size(report), elements, median(renderMs), median(loadMs), median(settledMs));
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
