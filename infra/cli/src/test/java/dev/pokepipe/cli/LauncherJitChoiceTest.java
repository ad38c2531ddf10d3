package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The launcher's choice of C1 alone for a run of a handful of images, run as bash runs it: its
 * {@code few_images} and {@code commas} functions, taken from the {@code pokepipe} script itself.
 */
class LauncherJitChoiceTest {

    private static final Path LAUNCHER = Path.of(System.getProperty("pokepipe.root.dir", "../..")).resolve("pokepipe");

    @Test
    void aRunOfAtMostEightIdsRunsOnC1AloneAndAnythingElseDoesNot() throws Exception {
        assertThat(fewImages("run", "--sample-origin", "--count", "1")).isTrue();
        assertThat(fewImages("run", "--count=8", "--json")).isTrue();
        assertThat(fewImages("run", "--ids", "1,4,7")).isTrue();
        assertThat(fewImages("run", "--ids=1,2,3,4,5,6,7,8")).isTrue();

        assertThat(fewImages("run", "--count", "9")).isFalse();
        assertThat(fewImages("run", "--ids", "1,2,3,4,5,6,7,8,9")).isFalse();
        assertThat(fewImages("run", "--sample-origin")).as("the default, 150 ids").isFalse();
        assertThat(fewImages("run", "--resume", "run-1")).as("the ids of input.json").isFalse();
        assertThat(fewImages("run", "--count", "lots")).isFalse();
        assertThat(fewImages("run", "--count")).isFalse();
        assertThat(fewImages("bench", "--count", "1")).isFalse();
        assertThat(fewImages("transform", "a.png")).isFalse();
        assertThat(fewImages()).isFalse();
    }

    private static boolean fewImages(String... args) throws IOException, InterruptedException {
        String script = Files.readString(LAUNCHER);
        int start = script.indexOf("\nfew_images() {");
        int end = script.indexOf('\n', script.indexOf("\ncommas() {") + 1);
        assertThat(start).as("few_images() in %s", LAUNCHER).isPositive();
        String functions = script.substring(start, end);
        List<String> command = new ArrayList<>(List.of("bash", "-c", functions + "\nfew_images \"$@\"", "launcher"));
        command.addAll(List.of(args));
        Process bash = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("bash says nothing").isEmpty();
        return bash.exitValue() == 0;
    }
}
