package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The run command's modes, local or deployed, as picocli's argument groups check them: nothing runs. */
class RunCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter err = new StringWriter();

    @Test
    void aLocalAndADeployedRunAtOnceAreRefused() {
        assertThat(run("--sample-origin", "--stack", "pokepipe")).isEqualTo(2);
        assertThat(firstLine()).contains("--sample-origin", "--stack=NAME", "mutually exclusive");

        assertThat(run("--origin", "http://127.0.0.1:9", "--endpoint-url", "http://127.0.0.1:4566")).isEqualTo(2);
        assertThat(firstLine()).contains("--origin=URL", "--endpoint-url=URL", "mutually exclusive");
    }

    @Test
    void resumeGoesWithEitherModeAndRegionWithItsOwn() {
        assertThat(run("--stack", "pokepipe", "--resume", "earlier", "--count", "3")).isEqualTo(2);
        assertThat(firstLine()).as("a deployed --resume redrives the execution, with its own input")
                .contains("--resume takes the run's own ids and name");

        assertThat(run("--stack", "pokepipe", "--resume", "../x")).isEqualTo(2);
        assertThat(firstLine()).contains("--resume: runId must be");

        assertThat(run("--sample-origin", "--region", "eu-west-1")).isEqualTo(2);
        assertThat(firstLine()).contains("--sample-origin", "--region=R", "mutually exclusive");
    }

    @Test
    void twoOriginsAreRefused() {
        assertThat(run("--sample-origin", "--origin", "http://127.0.0.1:9")).isEqualTo(2);
        // picocli names the two matches of the one-of group rather than calling them mutually exclusive.
        assertThat(firstLine()).contains("expected only one match", "={--sample-origin}", "={--origin=http://127.0.0.1:9}");
    }

    @Test
    void aRunSaysWhereItRuns() {
        assertThat(run("--count", "3")).isEqualTo(2);
        assertThat(firstLine()).contains("Missing required argument", "--sample-origin", "--stack=NAME",
                "--endpoint-url=URL");

        assertThat(run("--resume", "earlier")).as("a local run still needs an origin").isEqualTo(2);
        assertThat(firstLine()).contains("Missing required argument", "--origin=URL", "--sample-origin");
    }

    @Test
    void aDeployedRunNamesItsPipeline() {
        assertThat(run("--region", "eu-west-1")).isEqualTo(2);
        assertThat(firstLine()).contains("--region and --state-machine go with --stack or --endpoint-url");
    }

    @Test
    void resumeTakesTheRunsOwnIdsAndName() {
        assertThat(run("--sample-origin", "--resume", "earlier", "--count", "3")).isEqualTo(2);
        assertThat(firstLine()).contains("--resume takes the run's own ids and name: leave out --run-id, --count and --ids");

        assertThat(run("--sample-origin", "--resume", "earlier", "--run-id", "other")).isEqualTo(2);
        assertThat(firstLine()).contains("--resume takes the run's own ids and name");
    }

    @Test
    void countAndIdsAreExclusive() {
        assertThat(run("--sample-origin", "--count", "3", "--ids", "1,2")).isEqualTo(2);
        assertThat(firstLine()).contains("expected only one match", "[--count=N | --ids=LIST]={--count=3}",
                "[--count=N | --ids=LIST]={--ids=1,2}");
    }

    private int run(String... args) {
        err.getBuffer().setLength(0);
        CommandLine cli = PokepipeCommand.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("run", "--data-dir", dataDir.resolve("data").toString()));
        all.addAll(List.of(args));
        int exit = cli.execute(all.toArray(String[]::new));
        assertThat(dataDir.resolve("data")).as("nothing ran").doesNotExist();
        return exit;
    }

    private String firstLine() {
        return err.toString().lines().findFirst().orElse("");
    }
}
