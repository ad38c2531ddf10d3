package dev.pokepipe.cli.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Child records as a ResultWriter lays them out: the manifest names the parts, each part an array of records. */
class ChildRunsTest {

    private static final String ARN = "arn:aws:states:eu-west-1:123456789012:mapRun:Pipeline/Downloads:4f7c";

    @TempDir
    Path runDir;

    @Test
    void readsSucceededAndFailedPartsWithTheirIdsDatesAndErrors() throws IOException {
        Path folder = Files.createDirectories(runDir.resolve("out/download/4f7c"));
        Files.writeString(folder.resolve("SUCCEEDED_0.json"), "[{\"Input\": \"{\\\"id\\\": 2}\", \"Output\": "
                + "\"{\\\"id\\\": 2, \\\"error\\\": \\\"x.ImageNotFoundException\\\"}\", \"Status\": \"SUCCEEDED\", "
                + "\"StartDate\": \"2026-12-01T10:00:01Z\", \"StopDate\": \"2026-12-01T10:00:02Z\"},"
                + "{\"Input\": \"1\", \"Output\": \"{}\", \"Status\": \"SUCCEEDED\", \"StartDate\": 1796119200.5,"
                + " \"StopDate\": 1796119201}]");
        Files.writeString(folder.resolve("FAILED_0.json"), "[{\"Input\": \"{\\\"id\\\": 3}\", \"Status\": \"FAILED\","
                + " \"Error\": \"States.TaskFailed\", \"Cause\": \"boom\", \"StartDate\": \"2026-12-01T10:00:03Z\","
                + " \"StopDate\": \"2026-12-01T10:00:04Z\"}]");
        Files.writeString(folder.resolve("manifest.json"), "{\"DestinationBucket\": \"b\", \"MapRunArn\": \"" + ARN
                + "\", \"ResultFiles\": {\"FAILED\": [{\"Key\": \"runs/r/out/download/4f7c/FAILED_0.json\", \"Size\": 1}],"
                + " \"PENDING\": [], \"SUCCEEDED\": [{\"Key\": \"runs/r/out/download/4f7c/SUCCEEDED_0.json\", \"Size\": 1}]}}");

        List<ChildRuns.Child> children = ChildRuns.read(runDir);

        assertThat(children).extracting(ChildRuns.Child::id).containsExactly(1, 2, 3);
        assertThat(children).allSatisfy(c -> {
            assertThat(c.map()).isEqualTo("Downloads");
            assertThat(c.mapRunArn()).isEqualTo(ARN);
        });
        assertThat(children.get(0).start()).isEqualTo(Instant.ofEpochMilli(1796119200500L));
        assertThat(children.get(0).failed()).isFalse();
        assertThat(children.get(1).error()).as("caught inside the child").isEqualTo("x.ImageNotFoundException");
        assertThat(children.get(2)).extracting(ChildRuns.Child::status, ChildRuns.Child::error, ChildRuns.Child::cause)
                .containsExactly("FAILED", "States.TaskFailed", "boom");
        assertThat(ChildRuns.invocations(children, Map.of("Downloads", "Download")))
                .extracting(ExecutionTimeline.Invocation::outcome).containsExactly(ExecutionTimeline.Outcome.SUCCEEDED,
                        ExecutionTimeline.Outcome.CAUGHT, ExecutionTimeline.Outcome.FAILED);
        assertThat(ChildRuns.peaks(children)).containsEntry("Downloads", 1);
    }

    @Test
    void aProcessChildNamesItsIdByTheOriginalsKey() throws IOException {
        Path folder = Files.createDirectories(runDir.resolve("maps/process/9a1b"));
        Files.writeString(folder.resolve("SUCCEEDED_0.json"), "[{\"Input\": \"{\\\"runId\\\": \\\"r\\\", "
                + "\\\"key\\\": \\\"runs/r/raw/025.png\\\"}\", \"Output\": \"{}\", \"Status\": \"SUCCEEDED\", "
                + "\"StartDate\": \"2026-12-01T10:00:01Z\", \"StopDate\": \"2026-12-01T10:00:02Z\"}]");
        Files.writeString(folder.resolve("manifest.json"), "{\"MapRunArn\": \"" + ARN + "\", \"ResultFiles\": "
                + "{\"FAILED\": [], \"PENDING\": [], \"SUCCEEDED\": [{\"Key\": \"runs/r/maps/process/9a1b/SUCCEEDED_0.json\"}]}}");

        assertThat(ChildRuns.read(runDir)).extracting(ChildRuns.Child::id).containsExactly(25);
    }

    @Test
    void aRunWithoutResultWriterFilesHasNoChildren() {
        assertThat(ChildRuns.read(runDir)).isEmpty();
        assertThat(ChildRuns.read(runDir.resolve("missing"))).isEmpty();
    }

    @Test
    void theLabelIsTheMapRunArnsPartAfterTheStateMachine() {
        assertThat(ChildRuns.label(ARN)).isEqualTo("Downloads");
        assertThat(ChildRuns.label("not an arn")).isEqualTo("not an arn");
    }
}
