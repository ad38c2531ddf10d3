package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cold run is this JVM's command line again, and a child that does not finish is one clear error. */
class ColdRunTest {

    @Test
    void theChildHasThisJvmsJavaOptionsAndClassPath() {
        List<String> command = ColdRun.likeThisProcess().command(List.of("run", "--help"));

        assertThat(command.get(0)).isEqualTo(System.getProperty("java.home") + "/bin/java");
        assertThat(command).containsSubsequence(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> !o.startsWith("-agentlib:jdwp")).toList());
        assertThat(command).containsSubsequence("-cp", System.getProperty("java.class.path"),
                PokepipeCommand.class.getName(), "run", "--help");
    }

    @Test
    void aChildThatEndsWellGivesItsWallTime() throws InterruptedException {
        double seconds = ColdRun.likeThisProcess().run("version", List.of("--version"));

        assertThat(seconds).isPositive().isLessThan(60);
    }

    @Test
    void aChildThatDoesNotFinishIsOneError() {
        assertThatThrownBy(() -> ColdRun.likeThisProcess().run("sequential run", List.of("run", "--sample-origin",
                "--count", "0")))
                .isInstanceOf(ColdRun.ExitedException.class)
                .hasMessage("the sequential run (a fresh JVM) exited with status 2; its messages are above");
    }
}
