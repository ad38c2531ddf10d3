package dev.pokepipe.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The values {@code pokepipe run} takes: each refusal is one line naming the option, what it allows
 * and the value, and nothing runs; a sane value is taken.
 */
class RunOptionRulesTest {

    private static final String RUN = "pokepipe run";

    @TempDir
    Path dir;

    private CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--data-dir", dir.resolve("data").toString()));
        all.addAll(List.of(args));
        CliRun result = CliRun.of(all.toArray(String[]::new));
        assertThat(dir.resolve("data")).as("nothing ran").doesNotExist();
        return result;
    }

    @Test
    void aCountThatIsNoNumberIsOneLine() {
        run("--sample-origin", "--count", "abc")
                .refused(RUN, "Invalid value for option '--count': 'abc' is not a whole number");
        run("--sample-origin", "--count", "99999999999")
                .refused(RUN, "Invalid value for option '--count': '99999999999' is too large a number");
    }

    @Test
    void aCountOutOfRangeIsRefused() {
        run("--sample-origin", "--count", "0").refused(RUN, "--count must be from 1 to 100000, got 0");
        run("--sample-origin", "--count", "-3").refused(RUN, "--count must be from 1 to 100000, got -3");
        run("--sample-origin", "--count", "100001").refused(RUN, "--count must be from 1 to 100000, got 100001");
    }

    @Test
    void idsThatAreNoIdsAreRefused() {
        run("--sample-origin", "--ids", "1,x").refused(RUN, "--ids: 'x' is not an integer");
        run("--sample-origin", "--ids", "0").refused(RUN, "--ids: 0 is out of range (1 to 100000)");
    }

    @Test
    void aNegativeLatencyIsRefused() {
        run("--sample-origin", "--latency-ms", "-1").refused(RUN, "--latency-ms must be 0 or more, got -1");
    }

    @Test
    void aJitterGivenOutsideTheLatencyIsRefused() {
        run("--sample-origin", "--latency-ms", "20", "--jitter-ms", "30")
                .refused(RUN, "--jitter-ms must be from 0 to the latency (--latency-ms 20), got 30");
        run("--sample-origin", "--jitter-ms", "-1")
                .refused(RUN, "--jitter-ms must be from 0 to the latency (--latency-ms 400), got -1");
    }

    @Test
    void theDefaultJitterFollowsTheLatency() {
        assertThat(localOptions("--latency-ms", "20").jitter()).as("100 cut to the latency").isEqualTo(20);
        assertThat(localOptions("--latency-ms", "0").jitter()).isZero();
        assertThat(localOptions().jitter()).as("the study's 400 ± 100").isEqualTo(100);
        assertThat(localOptions("--latency-ms", "20", "--jitter-ms", "5").jitter()).as("given").isEqualTo(5);
    }

    @Test
    void ratesAreSharesFromZeroToOne() {
        run("--sample-origin", "--error-rate", "1.5").refused(RUN, "--error-rate must be from 0 to 1, got 1.5");
        run("--sample-origin", "--slow-rate", "-0.1").refused(RUN, "--slow-rate must be from 0 to 1, got -0.1");
        run("--sample-origin", "--corrupt-rate", "NaN")
                .refused(RUN, "Invalid value for option '--corrupt-rate': 'NaN' is not a number");
        run("--sample-origin", "--error-rate", "often")
                .refused(RUN, "Invalid value for option '--error-rate': 'often' is not a number");
    }

    @Test
    void slowAnswersTakeNoNegativeTime() {
        run("--sample-origin", "--slow-ms", "-1").refused(RUN, "--slow-ms must be 0 or more, got -1");
    }

    @Test
    void notFoundIdsAreIds() {
        run("--sample-origin", "--not-found-ids", "3,0").refused(RUN, "--not-found-ids must be from 1 to 100000, got 0");
        run("--sample-origin", "--not-found-ids", "3,x")
                .refused(RUN, "Invalid value for option '--not-found-ids' (LIST): 'x' is not a whole number");
    }

    @Test
    void urlsAreHttpUrlsWithAHost() {
        run("--origin", "foo").refused(RUN, "Invalid value for option '--origin': 'foo' is not an http:// or https:// URL with a host");
        run("--origin", "ftp://example.org/art")
                .refused(RUN, "Invalid value for option '--origin': 'ftp://example.org/art' is not an http:// or https:// URL with a host");
        run("--endpoint-url", "localhost:4566")
                .refused(RUN, "Invalid value for option '--endpoint-url': 'localhost:4566' is not an http:// or https:// URL with a host");
        run("--origin", "http://exa mple.org")
                .refused(RUN, "Invalid value for option '--origin': 'http://exa mple.org' is not a URL (Illegal character in authority)");
    }

    @Test
    void theOriginTimeoutIsPositive() {
        run("--sample-origin", "--origin-timeout-ms", "0").refused(RUN, "--origin-timeout-ms must be 1 or more, got 0");
        run("--stack", "pokepipe", "--poll-ms", "0").refused(RUN, "--poll-ms must be 1 or more, got 0");
    }

    @Test
    void sampleOriginOptionsGoWithTheSampleOrigin() {
        run("--origin", "http://127.0.0.1:9", "--latency-ms", "5").refused(RUN, "--latency-ms goes with --sample-origin");
        run("--stack", "pokepipe", "--error-rate", "0.1").refused(RUN, "--error-rate goes with --sample-origin");
        run("--endpoint-url", "http://127.0.0.1:4566", "--jitter-ms", "0")
                .refused(RUN, "--jitter-ms goes with --sample-origin");
    }

    @Test
    void localOptionsGoWithALocalRun() {
        run("--stack", "pokepipe", "--origin-timeout-ms", "100")
                .refused(RUN, "--origin-timeout-ms goes with a local run (--sample-origin or --origin)");
        run("--stack", "pokepipe", "--sequential")
                .refused(RUN, "--sequential goes with a local run (--sample-origin or --origin)");
    }

    @Test
    void theDataDirIsADirectory() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CliRun.of("run", "--sample-origin", "--count", "1", "--data-dir", file.toString())
                .refused(RUN, "--data-dir must be a directory, got " + file + ", which is a file");
    }

    @Test
    void aResumedRunsInputMustBeJson() throws IOException {
        Path data = dir.resolve("earlier");
        Path input = data.resolve("pokepipe/runs/broken/input.json");
        Files.createDirectories(input.getParent());
        Files.writeString(input, "{not json");
        CliRun.of("run", "--sample-origin", "--resume", "broken", "--data-dir", data.toString()).refused(RUN,
                "--resume: " + input + " is not JSON (Unexpected character ('n' (code 110)): was expecting double-quote "
                        + "to start field name)");
    }

    @Test
    void aDataDirThatCannotBeCreatedIsRefusedBeforeAnythingRuns() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        CliRun.of("run", "--sample-origin", "--count", "1", "--data-dir", file.resolve("data").toString())
                .refused(RUN, "--data-dir: cannot create " + file.resolve("data") + " (Not a directory)");
    }

    @Test
    void theStateMachineIsAName() {
        run("--endpoint-url", "http://127.0.0.1:4566", "--state-machine", "my pipeline")
                .refused(RUN, "--state-machine must be 1-80 letters, digits, '_' or '-', got 'my pipeline'");
    }

    @Test
    void theStackAndRegionAreAwsNames() {
        run("--stack", "my stack").refused(RUN, "--stack must be a stack name (a letter, then up to 127 letters, digits "
                + "or '-') or a stack ARN, got 'my stack'");
        run("--stack", "pokepipe", "--region", "EU West").refused(RUN,
                "--region must be a region name such as us-east-1, got 'EU West'");
    }

    @Test
    void theDefaultSlownessOutlastsTheOriginTimeout() {
        assertThat(faultOptions().slowMs(20_000)).as("the study's 30 s beyond the default 20 s").isEqualTo(30_000);
        assertThat(faultOptions().slowMs(60_000)).isEqualTo(70_000);
        assertThat(faultOptions("--slow-ms", "500").slowMs(60_000)).as("given").isEqualTo(500);
    }

    @Test
    void anUnknownOptionSuggestsTheNearestOne() {
        run("--sample-origin", "--jitter", "3").refused(RUN, "Unknown options: '--jitter', '3' (did you mean --jitter-ms?)");
    }

    @Test
    void aMissingModeIsOneLineToo() {
        CliRun missing = CliRun.of("run", "--count", "3");

        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().lines()).singleElement().asString()
                .startsWith("pokepipe run: Missing required argument (specify one of these): ")
                .contains("--sample-origin", "--stack=NAME")
                .endsWith("; try `pokepipe run --help`")
                .doesNotContain("Error:", "Usage:");
    }

    private static SampleFaultOptions faultOptions(String... args) {
        SampleFaultOptions options = new SampleFaultOptions();
        new CommandLine(CommandLine.Model.CommandSpec.create().addMixin("faults",
                CommandLine.Model.CommandSpec.forAnnotatedObject(options))).parseArgs(args);
        return options;
    }

    private static LocalRunOptions localOptions(String... args) {
        LocalRunOptions options = new LocalRunOptions();
        CommandLine cli = new CommandLine(CommandLine.Model.CommandSpec.create().addMixin("local",
                CommandLine.Model.CommandSpec.forAnnotatedObject(options)));
        cli.parseArgs(args);
        return options;
    }
}
