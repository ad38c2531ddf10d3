package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.HistoryEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress per Map Run of a Distributed Map, counted from the child executions as they end. */
class ProgressReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ProgressReporter progress = new ProgressReporter(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    private long id;

    private void top(EventDetails d) {
        progress.accept(new HistoryEvent(++id, Instant.EPOCH, id - 1, d));
    }

    private static ExecutionResult child(String output, boolean retried) throws Exception {
        List<HistoryEvent> history = retried
                ? List.of(new HistoryEvent(1, Instant.EPOCH, 0, new EventDetails.TaskFailed(EventDetails.TaskFailure.FAILED,
                "lambda", "invoke", "dev.pokepipe.pipeline.exceptions.OriginUnavailableException", "reset")))
                : List.of();
        return new ExecutionResult("c", ExecutionResult.Status.SUCCEEDED, JSON.readTree(output), null, null,
                Instant.EPOCH, Instant.EPOCH, history, Map.of(), List.of());
    }

    private void mapRun(String name, String input) {
        top(new EventDetails.StateEntered(StateType.MAP, name, input));
        top(new EventDetails.MapStateStarted(0));
        top(new EventDetails.MapRunStarted("arn:aws:states:local:0:mapRun:pokepipe/" + name + ":1"));
    }

    private String lastLine() {
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void countsEachMapRunsChildrenAgainstTheIdsAndThenTheImagesThatReachedS3() throws Exception {
        mapRun("DownloadImages", "{\"count\":3,\"idsKey\":\"runs/r/ids.json\"}");
        progress.childEnded(child("{\"id\":1,\"bytes\":5}", true));
        progress.childEnded(child("{\"id\":2,\"error\":\"dev.pokepipe.pipeline.exceptions.ImageNotFoundException\"}", false));
        progress.childEnded(child("{\"id\":3,\"bytes\":5}", false));
        top(new EventDetails.MapStateSucceeded());
        assertThat(lastLine()).isEqualTo("DownloadImages 3/3 (1 error)");

        mapRun("ProcessImages", "{\"count\":3}");
        progress.childEnded(child("{\"id\":1,\"bytes\":4}", false));
        top(new EventDetails.MapStateSucceeded());
        assertThat(lastLine()).isEqualTo("DownloadImages 3/3 (1 error)  |  ProcessImages 1/2");
    }
}
