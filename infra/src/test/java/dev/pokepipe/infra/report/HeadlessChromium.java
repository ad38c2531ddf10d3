package dev.pokepipe.infra.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless, as a test renders a page with it: the DOM after the page's scripts
 * ran and its images loaded. Found at {@code $POKEPIPE_CHROMIUM}, {@code /usr/bin/chromium} or on the PATH.
 */
final class HeadlessChromium {

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The browser, or empty when none is installed. */
    static Optional<HeadlessChromium> find() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getenv("POKEPIPE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, "chromium"));
                candidates.add(Path.of(dir, "chromium-browser"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst().map(HeadlessChromium::new);
    }

    /**
     * The page's DOM once loaded. The window is tall, so lazily loaded images are in view and load.
     */
    String dumpDom(Path page, Path profileDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile(profileDir, "dom", ".html");
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profileDir.resolve("profile"), "--window-size=1400,12000",
                "--virtual-time-budget=15000", "--dump-dom", page.toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish rendering " + page + " within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with " + p.exitValue() + " rendering " + page);
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
