package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.engine.EngineFixture.TestClock;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;
import dev.pokepipe.engine.StateAction.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.pokepipe.engine.EngineFixture.json;
import static dev.pokepipe.engine.EngineFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Map action with its scheduler (the anchors: aws-local-stepfunctions' MapStateAction tests, localstack's state_execution/). */
class MapActionTest {

    private static final String FN = "arn:aws:lambda:us-east-1:1:function:item";

    private final TestClock clock = new TestClock();
    private final List<HistoryEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** Doubles {@code v}, holding the call open long enough for the other workers to start theirs. */
    private final TaskHandler slowDouble = event -> {
        peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Thread.sleep(40);
            if (event.path("v").asInt() < 0) {
                throw new TaskHandler.FunctionError("Negative", "item " + event.path("i").asInt());
            }
            return json(String.valueOf(event.get("v").asInt() * 2));
        } finally {
            inFlight.decrementAndGet();
        }
    };

    private static StateSpec map(int maxConcurrency) {
        return state("M", "{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\",\"MaxConcurrency\":" + maxConcurrency
                + ",\"ItemSelector\":{\"v.$\":\"$$.Map.Item.Value\",\"i.$\":\"$$.Map.Item.Index\"},"
                + "\"ItemProcessor\":{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":\"" + FN
                + "\",\"End\":true}}},\"ResultPath\":\"$.out\",\"End\":true}}");
    }

    private Execution execution() {
        return EngineFixture.execution(EngineFixture.executor(clock, EngineFixture.THREADS, Map.of(FN, slowDouble)),
                clock, events);
    }

    private Step run(Execution run, StateSpec map, String input) {
        Attempt attempt = new Attempt(run, map, clock.now(), 0, new Lane(0), new TimeLimit(EngineFixture.THREADS));
        return new MapAction(new MapScheduler(EngineFixture.THREADS), null).run((StateSpec.MapState) map, json(input), attempt);
    }

    @Test
    void returnsResultsInItemOrderWithNoMoreThanMaxConcurrencyInFlight() {
        Execution run = execution();

        Step step = run(run, map(2), "{\"items\":[1,2,3,4,5,6,7]}");

        assertThat(step.output().get("out")).isEqualTo(json("[2,4,6,8,10,12,14]"));
        assertThat(peak.get()).isBetween(1, 2);
        assertThat(run.mapStats("M").snapshot().items()).isEqualTo(7);
        assertThat(run.mapStats("M").snapshot().peakConcurrency()).isBetween(1, 2);
        assertThat(events).filteredOn(e -> e.details() instanceof MapIterationStarted).hasSize(7);
        assertThat(events.get(0).details()).isEqualTo(new MapStateStarted(7));
        assertThat(events.get(events.size() - 1).details()).isInstanceOf(MapStateSucceeded.class);
    }

    @Test
    void aConcurrencyOfOneRunsTheItemsOneAfterAnother() {
        Execution run = execution();

        run(run, map(1), "{\"items\":[1,2,3]}");

        assertThat(peak.get()).isEqualTo(1);
        List<Integer> started = events.stream().filter(e -> e.details() instanceof MapIterationStarted)
                .map(e -> ((MapIterationStarted) e.details()).index()).toList();
        assertThat(started).containsExactly(0, 1, 2);
    }

    @Test
    void anIterationStartsAfterTheEventThatFreedItsSlot() {
        Execution run = execution();

        run(run, map(1), "{\"items\":[1,2]}");

        HistoryEvent second = events.stream().filter(e -> e.details() instanceof MapIterationStarted s
                && s.index() == 1).findFirst().orElseThrow();
        HistoryEvent freedBy = events.stream().filter(e -> e.id() == second.previousEventId()).findFirst()
                .orElseThrow();
        assertThat(freedBy.details()).isEqualTo(new EventDetails.MapIterationSucceeded("M", 0));
    }

    @Test
    void theFirstFailedIterationFailsTheMapAndNoLaterItemStarts() {
        Execution run = execution();

        assertThatThrownBy(() -> run(run, map(1), "{\"items\":[1,-1,3,4]}"))
                .isInstanceOfSatisfying(StatesError.class, e -> assertThat(e.error()).isEqualTo("Negative"));

        assertThat(events).filteredOn(e -> e.details() instanceof MapIterationStarted).hasSize(2);
        assertThat(events).extracting(HistoryEvent::details).contains(new EventDetails.MapIterationFailed("M", 1));
        assertThat(events.get(events.size() - 1).details()).isInstanceOf(MapStateFailed.class);
    }

    @Test
    void anIterationThatBreaksFailsTheMapNamingItInsteadOfLeavingAHoleInTheResults() {
        AtomicInteger started = new AtomicInteger();
        Execution run = new Execution("unit-run", json("{}"), EngineFixture.IDENTITY, clock,
                EngineFixture.executor(clock, EngineFixture.THREADS, Map.of(FN, slowDouble)), e -> {
                    if (e.details() instanceof MapIterationStarted && started.incrementAndGet() == 3) {
                        throw new IllegalStateException("a listener's bug");
                    }
                    events.add(e);
                });

        assertThatThrownBy(() -> run(run, map(2), "{\"items\":[1,2,3,4,5]}"))
                .isInstanceOfSatisfying(StatesError.class, e -> {
                    assertThat(e.error()).isEqualTo(StatesError.RUNTIME);
                    assertThat(e.getMessage()).contains("a listener's bug");
                });
    }

    @Test
    void listenersAreCalledOneAtATime() {
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Execution run = new Execution("unit-run", json("{}"), EngineFixture.IDENTITY, clock,
                EngineFixture.executor(clock, EngineFixture.THREADS, Map.of(FN, slowDouble)), e -> {
                    if (inListener.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                    inListener.decrementAndGet();
                });

        run(run, map(8), "{\"items\":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]}");

        assertThat(overlaps).as("listener calls that overlapped another").hasValue(0);
    }

    @Test
    void refusesItemsPathThatIsNotAnArray() {
        assertThatThrownBy(() -> run(execution(), map(1), "{\"items\":{\"a\":1}}"))
                .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.RUNTIME);
    }

    @Test
    void zeroMaxConcurrencyMeansTheInlineLimit() {
        StateSpec.MapState unlimited = (StateSpec.MapState) map(0);
        StateSpec.MapState above = (StateSpec.MapState) map(Definition.INLINE_MAP_LIMIT + 10);

        assertThat(Definition.mapLimit(unlimited.maxConcurrency())).isEqualTo(Definition.INLINE_MAP_LIMIT);
        assertThat(Definition.mapLimit(above.maxConcurrency())).isEqualTo(Definition.INLINE_MAP_LIMIT);
        assertThat(Definition.mapLimit(((StateSpec.MapState) map(3)).maxConcurrency())).isEqualTo(3);
    }

    @Test
    void toleratedFailuresAreRefusedAsDistributedMapOnly() {
        assertThatThrownBy(() -> state("M", "{\"M\":{\"Type\":\"Map\",\"ToleratedFailureCount\":1,"
                + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                + "\"End\":true}}"))
                .isInstanceOf(DefinitionException.class).hasMessageContaining("Distributed Map only");
    }

    @Test
    void theItemSelectorSeesTheMapInputAndTheItem() {
        StateSpec m = state("M", "{\"M\":{\"Type\":\"Map\",\"ItemsPath\":\"$.items\","
                + "\"ItemSelector\":{\"k.$\":\"$.key\",\"v.$\":\"$$.Map.Item.Value\",\"i.$\":\"$$.Map.Item.Index\"},"
                + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
                + "\"End\":true}}");
        JsonNode output = run(execution(), m, "{\"key\":\"K\",\"items\":[\"a\",\"b\"]}").output();

        assertThat(output).isEqualTo(json("[{\"k\":\"K\",\"v\":\"a\",\"i\":0},{\"k\":\"K\",\"v\":\"b\",\"i\":1}]"));
    }
}
