package dev.pokepipe.engine;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tolerated-failure rule of a Map Run. */
class MapRunTest {

    private static final ExecutionResult OK = child(ExecutionResult.Status.SUCCEEDED);
    private static final ExecutionResult FAILED = child(ExecutionResult.Status.FAILED);

    private static ExecutionResult child(ExecutionResult.Status status) {
        return new ExecutionResult("c", status, null, "E", "C", Instant.EPOCH, Instant.EPOCH, List.of(), Map.of(),
                List.of());
    }

    private static MapRun run(Double percentage, Integer count) {
        return new MapRun("M", "arn:x:M:id", new DistributedConfig("STANDARD", null, null, null, percentage, count, "M"));
    }

    private static void end(MapRun run, ExecutionResult child, int items) {
        run.read(items);
        run.started();
        run.ended(child, items);
    }

    @Test
    void withoutAToleranceOneFailureIsTooMany() {
        MapRun run = run(null, null);
        end(run, OK, 1);
        assertThat(run.exceeded()).isFalse();
        end(run, FAILED, 1);
        assertThat(run.exceeded()).isTrue();
    }

    @Test
    void aCountIsExceededOnlyPastIt() {
        MapRun run = run(null, 2);
        end(run, FAILED, 1);
        end(run, FAILED, 1);
        assertThat(run.exceeded()).isFalse();
        end(run, FAILED, 1);
        assertThat(run.exceeded()).isTrue();
    }

    @Test
    void aPercentageIsJudgedOnTheFinalTotalAndOnlyAboveIt() {
        MapRun run = run(25.0, null);
        end(run, FAILED, 1);
        assertThat(run.exceeded()).as("1 of 1 so far, more to come").isFalse();
        end(run, OK, 3);
        run.allRead();
        assertThat(run.exceeded()).as("1 of 4 is 25 %, not above it").isFalse();
        end(run, FAILED, 1);
        assertThat(run.exceeded()).as("2 of 5").isTrue();
    }

    @Test
    void aFailedBatchCountsEachOfItsItems() {
        MapRun run = run(null, 2);
        end(run, FAILED, 3);
        assertThat(run.exceeded()).isTrue();
        MapRunResult result = run.result(ExecutionResult.Status.FAILED);
        assertThat(result.itemsFailed()).isEqualTo(3);
        assertThat(result.failures()).hasSize(1);
    }

    @Test
    void onlyTheFirstFailuresAreKept() {
        MapRun run = run(100.0, null);
        for (int i = 0; i < MapRun.KEPT_FAILURES + 5; i++) {
            end(run, FAILED, 1);
        }
        assertThat(run.result(ExecutionResult.Status.SUCCEEDED).failures()).hasSize(MapRun.KEPT_FAILURES);
        assertThat(run.result(ExecutionResult.Status.SUCCEEDED).itemsFailed()).isEqualTo(MapRun.KEPT_FAILURES + 5);
    }
}
