package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.Definition;
import dev.pokepipe.engine.EngineClock;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.LocalEngine;
import dev.pokepipe.engine.TaskHandler;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionTimelineTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FN = "arn:aws:lambda:local:000000000000:function:work";

    @Test
    void readsTheSpecsHistoryExample() throws Exception {
        JsonNode example = MAPPER.readTree(ExecutionTimelineTest.class.getResource("/fixtures/asl/history-example.json"));

        ExecutionTimeline timeline = ExecutionTimeline.of(example);

        assertThat(timeline.status()).isEqualTo("SUCCEEDED");
        assertThat(timeline.invocations()).hasSize(2).allSatisfy(i -> {
            assertThat(i.state()).isEqualTo("Work");
            assertThat(i.map()).isEqualTo("Each");
            assertThat(i.slot()).isZero();
            assertThat(i.attempt()).isEqualTo(1);
            assertThat(i.outcome()).isEqualTo(ExecutionTimeline.Outcome.SUCCEEDED);
        });
        assertThat(timeline.invocations()).extracting(ExecutionTimeline.Invocation::id).containsExactly(1, 2);
        assertThat(timeline.slotsUsed()).containsExactly(Map.entry("Each", 1));
        assertThat(timeline.states().get("Work").succeeded()).isEqualTo(2);
        assertThat(timeline.states().get("Prepare").entered()).isEqualTo(1);
        assertThat(timeline.states().get("Done").entered()).isEqualTo(1);
    }

    /** Items 1..6 at MaxConcurrency 3: id 2 fails once then succeeds, id 5 always fails and is caught. */
    @Test
    void tellsRetriedCaughtAndSucceededAttemptsApartAndKeepsSlotsWithinTheLimit() throws Exception {
        String definition = """
                {"StartAt": "Each", "States": {
                  "Each": {"Type": "Map", "ItemsPath": "$.ids", "MaxConcurrency": 3,
                    "ItemSelector": {"id.$": "$$.Map.Item.Value"},
                    "ItemProcessor": {"StartAt": "Work", "States": {
                      "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "%s", "Payload.$": "$"},
                        "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 1, "MaxAttempts": 2}],
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Failed"}],
                        "End": true},
                      "Failed": {"Type": "Pass", "End": true}}},
                    "End": true}}}""".formatted(FN);
        Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
        TaskHandler work = event -> {
            int id = event.get("id").asInt();
            int call = calls.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(5 + id);
            if (id == 2 && call == 1 || id == 5) {
                throw new TaskHandler.FunctionError(id == 5 ? "Broken" : "Flaky", "id " + id);
            }
            return MAPPER.createObjectNode().put("id", id);
        };
        ExecutionResult result;
        try (LocalEngine engine = LocalEngine.builder().definition(Definition.parse(definition))
                .clock(new NoWait()).handler(FN, work).build()) {
            result = engine.execute("t", MAPPER.readTree("{\"ids\": [1, 2, 3, 4, 5, 6]}"));
        }

        ExecutionTimeline timeline = ExecutionTimeline.of(result.historyJson());

        assertThat(timeline.invocations()).hasSize(7);
        assertThat(timeline.invocations()).filteredOn(i -> i.id() == 2)
                .extracting(ExecutionTimeline.Invocation::attempt, ExecutionTimeline.Invocation::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, ExecutionTimeline.Outcome.RETRIED),
                        org.assertj.core.groups.Tuple.tuple(2, ExecutionTimeline.Outcome.SUCCEEDED));
        assertThat(timeline.invocations()).filteredOn(i -> i.id() == 5).singleElement()
                .satisfies(i -> {
                    assertThat(i.outcome()).isEqualTo(ExecutionTimeline.Outcome.CAUGHT);
                    assertThat(i.error()).isEqualTo("Broken");
                });
        ExecutionTimeline.StateCounts work5 = timeline.states().get("Work");
        assertThat(List.of(work5.succeeded(), work5.retried(), work5.caught(), work5.failed())).containsExactly(5, 1, 1, 0);
        assertThat(timeline.states().get("Failed").entered()).isEqualTo(1);
        assertThat(timeline.slotsUsed().get("Each")).isBetween(1, 3);
        assertThat(timeline.inFlight()).extracting(ExecutionTimeline.InFlight::count).allMatch(c -> c >= 0 && c <= 3)
                .last().isEqualTo(0);
        assertNoTwoInvocationsShareASlotAtOnce(timeline.invocations());
    }

    private static void assertNoTwoInvocationsShareASlotAtOnce(List<ExecutionTimeline.Invocation> invocations) {
        List<ExecutionTimeline.Invocation> all = new ArrayList<>(invocations);
        for (ExecutionTimeline.Invocation a : all) {
            for (ExecutionTimeline.Invocation b : all) {
                if (a != b && a.slot() == b.slot()) {
                    assertThat(a.ended().isAfter(b.started()) && b.ended().isAfter(a.started()))
                            .as("%s and %s overlap in slot %d", a, b, a.slot()).isFalse();
                }
            }
        }
    }

    @Test
    void refusesEventsWithoutTheirRequiredFields() {
        JsonNode bad = MAPPER.createObjectNode().set("events", MAPPER.createArrayNode()
                .add(MAPPER.createObjectNode().put("id", 1).put("type", "ExecutionStarted")));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutionTimeline.of(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timestamp");
    }

    private static final class NoWait implements EngineClock {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(Duration duration) {
        }
    }
}
