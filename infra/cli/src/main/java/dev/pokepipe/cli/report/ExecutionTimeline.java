package dev.pokepipe.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.EventDetails.ExecutionAborted;
import dev.pokepipe.engine.EventDetails.ExecutionFailed;
import dev.pokepipe.engine.EventDetails.ExecutionStarted;
import dev.pokepipe.engine.EventDetails.ExecutionSucceeded;
import dev.pokepipe.engine.EventDetails.ExecutionTimedOut;
import dev.pokepipe.engine.EventDetails.MapIteration;
import dev.pokepipe.engine.EventDetails.MapIterationAborted;
import dev.pokepipe.engine.EventDetails.MapIterationFailed;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapRunFailed;
import dev.pokepipe.engine.EventDetails.MapRunStarted;
import dev.pokepipe.engine.EventDetails.MapRunSucceeded;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.Other;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.StateExited;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.EventDetails.TaskScheduled;
import dev.pokepipe.engine.EventDetails.TaskStarted;
import dev.pokepipe.engine.EventDetails.TaskSucceeded;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.engine.HistoryJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What an execution history says happened, read from events in the shape {@code GetExecutionHistory}
 * returns: every Lambda invocation with its Map iteration, concurrency slot and outcome, and per
 * state how often it was entered, succeeded, retried, caught or failed. The same events come from
 * the local engine and from AWS, so one reading serves both.
 *
 * <p>Events are tied to their Map iteration by following {@code previousEventId}, which links each
 * event to the one before it in its own thread of execution (asl-subset.md, H-2).
 */
public final class ExecutionTimeline {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How one invocation ended. */
    public enum Outcome {
        SUCCEEDED,
        /** Failed, and the state's Retry ran it again. */
        RETRIED,
        /** Failed for good, and a Catch turned it into a failure record. */
        CAUGHT,
        /** Failed for good, and nothing caught it. */
        FAILED,
        /** Still running when the history ended. */
        RUNNING
    }

    /**
     * One Lambda invocation (one attempt of a Task state).
     *
     * @param map     the Map state whose iteration ran it, or null at the top level
     * @param slot    the iteration's concurrency slot within its Map (0 at the top level)
     * @param id      the image id of its payload, or null
     * @param attempt 1 for the first attempt, 2 for the first retry, and so on
     */
    public record Invocation(String state, String map, int slot, Integer id, int attempt, Instant started,
                             Instant ended, Outcome outcome, String error, String cause) {
    }

    /** Per state: entries, and how its invocations ended. */
    public static final class StateCounts {
        int entered;
        int succeeded;
        int retried;
        int caught;
        int failed;

        public int entered() {
            return entered;
        }

        public int succeeded() {
            return succeeded;
        }

        public int retried() {
            return retried;
        }

        public int caught() {
            return caught;
        }

        public int failed() {
            return failed;
        }
    }

    /** One point of the in-flight curve: from {@code at} on, {@code count} invocations run. */
    public record InFlight(Instant at, int count) {
    }

    /**
     * One Map Run of a Distributed Map, as the parent's history tells it.
     *
     * @param state  the Map state that started it
     * @param status RUNNING, SUCCEEDED, FAILED or ABORTED, by the last Map Run event of that state
     */
    public record MapRunEvent(String state, String mapRunArn, Instant started, String status) {
    }

    private final List<HistoryEvent> events;
    private final Map<Long, HistoryEvent> byId = new HashMap<>();
    private final Map<Long, List<HistoryEvent>> next = new HashMap<>();
    private final Map<Long, Long> iterationOf = new HashMap<>();
    private final Map<Long, String> stateOf = new HashMap<>();
    private final Map<Long, Long> outerOf = new HashMap<>();
    private final Map<Long, Instant> iterationEnds = new HashMap<>();
    private final List<Invocation> invocations = new ArrayList<>();
    private final Map<String, StateCounts> states = new LinkedHashMap<>();
    private final Map<String, Integer> slotsUsed = new TreeMap<>();
    private final Map<String, Integer> mapLengths = new TreeMap<>();
    private final Map<Long, Integer> slotOfIteration = new HashMap<>();
    private final List<MapRunEvent> mapRuns = new ArrayList<>();
    private Instant start;
    private Instant end;
    private String status = "RUNNING";
    private JsonNode input;

    private ExecutionTimeline(List<HistoryEvent> events) {
        this.events = events;
    }

    /**
     * Reads a history.
     *
     * @param history {@code {"events": [...]}} or the array of events itself
     * @throws IllegalArgumentException if an event lacks an id, a type or a timestamp
     */
    public static ExecutionTimeline of(JsonNode history) {
        return of(HistoryJson.read(history));
    }

    /** Reads a history's events, in any order. */
    public static ExecutionTimeline of(List<HistoryEvent> history) {
        List<HistoryEvent> events = new ArrayList<>(history);
        events.sort(Comparator.comparingLong(HistoryEvent::id));
        ExecutionTimeline timeline = new ExecutionTimeline(events);
        timeline.read();
        return timeline;
    }

    private void read() {
        for (HistoryEvent e : events) {
            byId.put(e.id(), e);
            next.computeIfAbsent(e.previousEventId(), k -> new ArrayList<>()).add(e);
        }
        for (HistoryEvent e : events) {
            threadOf(e);
        }
        assignSlots();
        for (HistoryEvent e : events) {
            Instant at = e.timestamp();
            start = start == null || at.isBefore(start) ? at : start;
            end = end == null || at.isAfter(end) ? at : end;
            EventDetails d = e.details();
            if (d instanceof ExecutionStarted s) {
                input = parse(s.input() == null ? "{}" : s.input());
            } else if (d instanceof ExecutionSucceeded) {
                status = "SUCCEEDED";
            } else if (d instanceof ExecutionFailed) {
                status = "FAILED";
            } else if (d instanceof ExecutionAborted) {
                status = "ABORTED";
            } else if (d instanceof ExecutionTimedOut) {
                status = "TIMED_OUT";
            } else if (d instanceof TaskScheduled t) {
                invocations.add(invocation(e, t));
            } else if (d instanceof MapStateStarted m) {
                mapLengths.merge(stateOf.get(e.id()), m.length(), Integer::sum);
            } else if (d instanceof StateEntered s) {
                counts(s.name()).entered++;
            } else if (d instanceof StateExited s && s.stateType() != StateType.TASK) {
                counts(s.name()).succeeded++;
            } else if (d instanceof MapStateFailed) {
                counts(stateOf.get(e.id())).failed++;
            } else if (d instanceof MapRunStarted r) {
                mapRuns.add(new MapRunEvent(stateOf.get(e.id()), r.mapRunArn(), at, "RUNNING"));
            } else if (d instanceof MapRunSucceeded) {
                mapRunEnded(stateOf.get(e.id()), "SUCCEEDED");
            } else if (d instanceof MapRunFailed) {
                mapRunEnded(stateOf.get(e.id()), "FAILED");
            } else if (d instanceof Other o && o.type().equals("MapRunAborted")) {
                mapRunEnded(stateOf.get(e.id()), "ABORTED");
            } else if (d instanceof Other o && o.type().equals("MapRunRedriven")) {
                mapRunEnded(stateOf.get(e.id()), "RUNNING");
            }
        }
        for (Invocation i : invocations) {
            StateCounts c = counts(i.state());
            switch (i.outcome()) {
                case SUCCEEDED -> c.succeeded++;
                case RETRIED -> c.retried++;
                case CAUGHT -> c.caught++;
                case FAILED -> c.failed++;
                default -> { }
            }
        }
    }

    /** The latest Map Run of {@code state} now has {@code status}: its end, or a redrive that set it running again. */
    private void mapRunEnded(String state, String status) {
        for (int k = mapRuns.size() - 1; k >= 0; k--) {
            MapRunEvent run = mapRuns.get(k);
            if (state == null || state.equals(run.state())) {
                mapRuns.set(k, new MapRunEvent(run.state(), run.mapRunArn(), run.started(), status));
                return;
            }
        }
    }

    private StateCounts counts(String state) {
        return states.computeIfAbsent(state == null ? "?" : state, k -> new StateCounts());
    }

    /** Fills iterationOf and stateOf for {@code e} from the event before it in its thread. */
    private void threadOf(HistoryEvent e) {
        long id = e.id();
        HistoryEvent prev = prev(e);
        if (e.details() instanceof MapIterationStarted started) {
            iterationOf.put(id, id);
            stateOf.put(id, started.name());
            Long outer = prev == null ? null
                    : isIterationEnd(prev) ? outerOf.get(iterationOf.get(prev.id())) : iterationOf.get(prev.id());
            if (outer != null) {
                outerOf.put(id, outer);
            }
            return;
        }
        Long iteration = null;
        String state = e.details() instanceof StateEntered s ? s.name() : null;
        if (prev != null) {
            iteration = iterationOf.get(prev.id());
            if (isIterationEnd(prev) && !isIterationEnd(e)) {
                // The Map's own thread goes on after its last iteration: back to the Map state's context.
                iteration = iteration == null ? null : outerOf.get(iteration);
                state = state == null ? ((MapIteration) prev.details()).name() : state;
            }
            state = state == null ? stateOf.get(prev.id()) : state;
        }
        if (iteration != null) {
            iterationOf.put(id, iteration);
            if (isIterationEnd(e)) {
                iterationEnds.put(iteration, e.timestamp());
            }
        }
        stateOf.put(id, isIterationEnd(e) ? ((MapIteration) e.details()).name() : state);
    }

    private static boolean isIterationEnd(HistoryEvent e) {
        return e.details() instanceof MapIteration && !(e.details() instanceof MapIterationStarted);
    }

    /** Slots per Map: each iteration takes the lowest slot free when it starts. */
    private void assignSlots() {
        Map<String, List<Instant>> busyUntil = new HashMap<>();
        for (HistoryEvent e : events) {
            if (!(e.details() instanceof MapIterationStarted started)) {
                continue;
            }
            String map = started.name();
            Instant from = e.timestamp();
            Instant to = iterationEnds.getOrDefault(e.id(), Instant.MAX);
            List<Instant> slots = busyUntil.computeIfAbsent(map, k -> new ArrayList<>());
            int slot = 0;
            while (slot < slots.size() && slots.get(slot).isAfter(from)) {
                slot++;
            }
            if (slot == slots.size()) {
                slots.add(to);
            } else {
                slots.set(slot, to);
            }
            slotOfIteration.put(e.id(), slot);
            slotsUsed.merge(map, slot + 1, Math::max);
        }
    }

    private Invocation invocation(HistoryEvent scheduled, TaskScheduled details) {
        long id = scheduled.id();
        String state = stateOf.get(id);
        Long iteration = iterationOf.get(id);
        String map = iteration == null ? null : stateOf.get(iteration);
        int slot = iteration == null ? 0 : slotOfIteration.getOrDefault(iteration, 0);
        int attempt = 1;
        for (HistoryEvent p = prev(scheduled); p != null && !(p.details() instanceof StateEntered); p = prev(p)) {
            if (p.details() instanceof TaskScheduled) {
                attempt++;
            }
        }
        JsonNode imageId = details.parameters().path("Payload").path("id");
        HistoryEvent started = firstNext(id, d -> d instanceof TaskStarted);
        HistoryEvent ended = firstNext(started == null ? id : started.id(),
                d -> d instanceof TaskSucceeded || d instanceof TaskFailed);
        Outcome outcome = Outcome.RUNNING;
        String error = null;
        String cause = null;
        if (ended != null) {
            if (ended.details() instanceof TaskFailed failed) {
                error = failed.error();
                cause = failed.cause();
                outcome = failureOutcome(ended);
            } else {
                outcome = Outcome.SUCCEEDED;
            }
        }
        return new Invocation(state, map, slot, imageId.canConvertToInt() ? imageId.asInt() : null, attempt,
                (started == null ? scheduled : started).timestamp(), ended == null ? null : ended.timestamp(),
                outcome, error, cause);
    }

    /** After a failed attempt: another attempt (retried), a Catch's next state (caught), or the end. */
    private Outcome failureOutcome(HistoryEvent failedEvent) {
        for (HistoryEvent after = firstNext(failedEvent.id(), d -> true); after != null;
             after = firstNext(after.id(), d -> true)) {
            EventDetails d = after.details();
            if (d instanceof TaskScheduled) {
                return Outcome.RETRIED;
            }
            if (d instanceof StateEntered) {
                return Outcome.CAUGHT;
            }
            if (endsThread(d)) {
                return Outcome.FAILED;
            }
        }
        return Outcome.FAILED;
    }

    /** A failure or abort that ends the thread a failed attempt ran in. */
    private static boolean endsThread(EventDetails d) {
        if (d instanceof Other other) {
            return other.type().endsWith("Failed") || other.type().endsWith("Aborted");
        }
        return d instanceof ExecutionFailed || d instanceof ExecutionAborted || d instanceof MapStateFailed
                || d instanceof MapIterationFailed || d instanceof MapIterationAborted
                || d instanceof TaskFailed f && f.failure() != TaskFailure.TIMED_OUT;
    }

    private HistoryEvent firstNext(long id, Predicate<EventDetails> wanted) {
        for (HistoryEvent e : next.getOrDefault(id, List.of())) {
            if (wanted.test(e.details())) {
                return e;
            }
        }
        return null;
    }

    private HistoryEvent prev(HistoryEvent e) {
        return byId.get(e.previousEventId());
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }

    /** Every invocation, in the order they were scheduled. */
    public List<Invocation> invocations() {
        return invocations;
    }

    /** Per state name, in the order states were first seen. */
    public Map<String, StateCounts> states() {
        return states;
    }

    /** How many concurrency slots each Map used: its peak of iterations in flight. */
    public Map<String, Integer> slotsUsed() {
        return slotsUsed;
    }

    /** The Map Runs of the execution's Distributed Maps, in the order they started. */
    public List<MapRunEvent> mapRuns() {
        return mapRuns;
    }

    /** Per Map state, the items its runs were given ({@code MapStateStarted}'s length, added up). */
    public Map<String, Integer> mapLengths() {
        return mapLengths;
    }

    /** SUCCEEDED, FAILED, ABORTED, TIMED_OUT, or RUNNING while no end event is in the history. */
    public String status() {
        return status;
    }

    /** The execution input from {@code ExecutionStarted}, or an empty object. */
    public JsonNode input() {
        return input == null ? MAPPER.createObjectNode() : input;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return end;
    }

    /** The number of invocations running over time: a step each time one starts or ends. */
    public List<InFlight> inFlight() {
        TreeMap<Instant, Integer> delta = new TreeMap<>();
        for (Invocation i : invocations) {
            delta.merge(i.started(), 1, Integer::sum);
            delta.merge(i.ended() == null ? end : i.ended(), -1, Integer::sum);
        }
        List<InFlight> curve = new ArrayList<>();
        int count = 0;
        for (Map.Entry<Instant, Integer> d : delta.entrySet()) {
            count += d.getValue();
            curve.add(new InFlight(d.getKey(), count));
        }
        return curve;
    }
}
