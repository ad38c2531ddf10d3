package dev.pokepipe.infra.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    private final List<JsonNode> events;
    private final Map<Long, JsonNode> byId = new HashMap<>();
    private final Map<Long, List<JsonNode>> next = new HashMap<>();
    private final Map<Long, Long> iterationOf = new HashMap<>();
    private final Map<Long, String> stateOf = new HashMap<>();
    private final Map<Long, Long> outerOf = new HashMap<>();
    private final Map<Long, Instant> iterationEnds = new HashMap<>();
    private final List<Invocation> invocations = new ArrayList<>();
    private final Map<String, StateCounts> states = new LinkedHashMap<>();
    private final Map<String, Integer> slotsUsed = new TreeMap<>();
    private final Map<String, Integer> mapLengths = new TreeMap<>();
    private final Map<Long, Integer> slotOfIteration = new HashMap<>();
    private Instant start;
    private Instant end;
    private String status = "RUNNING";
    private JsonNode input;

    private ExecutionTimeline(List<JsonNode> events) {
        this.events = events;
    }

    /**
     * Reads a history.
     *
     * @param history {@code {"events": [...]}} or the array of events itself
     * @throws IllegalArgumentException if an event lacks an id, a type or a timestamp
     */
    public static ExecutionTimeline of(JsonNode history) {
        JsonNode array = history.isArray() ? history : history.path("events");
        List<JsonNode> events = new ArrayList<>();
        array.forEach(events::add);
        for (JsonNode e : events) {
            if (!e.path("id").canConvertToLong() || !e.path("type").isTextual() || !e.path("timestamp").isNumber()) {
                throw new IllegalArgumentException("history event without id, type or numeric timestamp: " + e);
            }
        }
        events.sort(Comparator.comparingLong(e -> e.get("id").asLong()));
        ExecutionTimeline timeline = new ExecutionTimeline(events);
        timeline.read();
        return timeline;
    }

    private void read() {
        for (JsonNode e : events) {
            byId.put(id(e), e);
            next.computeIfAbsent(e.path("previousEventId").asLong(), k -> new ArrayList<>()).add(e);
        }
        for (JsonNode e : events) {
            threadOf(e);
        }
        assignSlots();
        for (JsonNode e : events) {
            String type = type(e);
            Instant at = time(e);
            start = start == null || at.isBefore(start) ? at : start;
            end = end == null || at.isAfter(end) ? at : end;
            switch (type) {
                case "ExecutionStarted" -> input = parse(e.path("executionStartedEventDetails").path("input").asText("{}"));
                case "ExecutionSucceeded" -> status = "SUCCEEDED";
                case "ExecutionFailed" -> status = "FAILED";
                case "ExecutionAborted" -> status = "ABORTED";
                case "ExecutionTimedOut" -> status = "TIMED_OUT";
                case "TaskScheduled" -> invocations.add(invocation(e));
                case "MapStateStarted" -> mapLengths.merge(stateOf.get(id(e)),
                        e.path("mapStateStartedEventDetails").path("length").asInt(), Integer::sum);
                default -> {
                    if (type.endsWith("StateEntered")) {
                        counts(e.path("stateEnteredEventDetails").path("name").asText()).entered++;
                    } else if (type.endsWith("StateExited") && !type.startsWith("Task")) {
                        counts(e.path("stateExitedEventDetails").path("name").asText()).succeeded++;
                    } else if (type.equals("MapStateFailed")) {
                        counts(stateOf.get(id(e))).failed++;
                    }
                }
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

    private StateCounts counts(String state) {
        return states.computeIfAbsent(state == null ? "?" : state, k -> new StateCounts());
    }

    /** Fills iterationOf and stateOf for {@code e} from the event before it in its thread. */
    private void threadOf(JsonNode e) {
        long id = id(e);
        String type = type(e);
        JsonNode prev = prev(e);
        if (type.equals("MapIterationStarted")) {
            iterationOf.put(id, id);
            stateOf.put(id, mapNameOf(e));
            Long outer = prev == null ? null
                    : isIterationEnd(prev) ? outerOf.get(iterationOf.get(id(prev))) : iterationOf.get(id(prev));
            if (outer != null) {
                outerOf.put(id, outer);
            }
            return;
        }
        Long iteration = null;
        String state = enteredName(e);
        if (prev != null) {
            iteration = iterationOf.get(id(prev));
            if (isIterationEnd(prev) && !isIterationEnd(e)) {
                // The Map's own thread goes on after its last iteration: back to the Map state's context.
                iteration = iteration == null ? null : outerOf.get(iteration);
                state = state == null ? mapNameOf(prev) : state;
            }
            state = state == null ? stateOf.get(id(prev)) : state;
        }
        if (iteration != null) {
            iterationOf.put(id, iteration);
            if (isIterationEnd(e)) {
                iterationEnds.put(iteration, time(e));
            }
        }
        stateOf.put(id, isIterationEnd(e) ? mapNameOf(e) : state);
    }

    private static boolean isIterationEnd(JsonNode e) {
        String type = type(e);
        return type.startsWith("MapIteration") && !type.equals("MapIterationStarted");
    }

    private static String mapNameOf(JsonNode iterationEvent) {
        return detailsOf(iterationEvent).path("name").asText(null);
    }

    private static String enteredName(JsonNode e) {
        return type(e).endsWith("StateEntered") ? e.path("stateEnteredEventDetails").path("name").asText() : null;
    }

    /** Slots per Map: each iteration takes the lowest slot free when it starts. */
    private void assignSlots() {
        Map<String, List<Instant>> busyUntil = new HashMap<>();
        for (JsonNode e : events) {
            if (!type(e).equals("MapIterationStarted")) {
                continue;
            }
            String map = e.path("mapIterationStartedEventDetails").path("name").asText();
            Instant from = time(e);
            Instant to = iterationEnds.getOrDefault(id(e), Instant.MAX);
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
            slotOfIteration.put(id(e), slot);
            slotsUsed.merge(map, slot + 1, Math::max);
        }
    }

    private Invocation invocation(JsonNode scheduled) {
        long id = id(scheduled);
        String state = stateOf.get(id);
        Long iteration = iterationOf.get(id);
        String map = iteration == null ? null : stateOf.get(iteration);
        int slot = iteration == null ? 0 : slotOfIteration.getOrDefault(iteration, 0);
        int attempt = 1;
        for (JsonNode p = prev(scheduled); p != null && !type(p).endsWith("StateEntered"); p = prev(p)) {
            if (type(p).equals("TaskScheduled")) {
                attempt++;
            }
        }
        Integer imageId = null;
        JsonNode parameters = parse(scheduled.path("taskScheduledEventDetails").path("parameters").asText("{}"));
        if (parameters.path("Payload").path("id").canConvertToInt()) {
            imageId = parameters.path("Payload").path("id").asInt();
        }
        JsonNode started = firstNext(id, "TaskStarted");
        JsonNode ended = firstNext(started == null ? id : id(started), "TaskSucceeded", "TaskFailed", "TaskTimedOut",
                "TaskStartFailed", "TaskSubmitFailed");
        Outcome outcome = Outcome.RUNNING;
        String error = null;
        String cause = null;
        if (ended != null) {
            if (type(ended).equals("TaskSucceeded")) {
                outcome = Outcome.SUCCEEDED;
            } else {
                JsonNode details = detailsOf(ended);
                error = details.path("error").asText(null);
                cause = details.path("cause").asText(null);
                outcome = failureOutcome(ended);
            }
        }
        return new Invocation(state, map, slot, imageId, attempt, time(started == null ? scheduled : started),
                ended == null ? null : time(ended), outcome, error, cause);
    }

    /** After a failed attempt: another attempt (retried), a Catch's next state (caught), or the end. */
    private Outcome failureOutcome(JsonNode failedEvent) {
        for (JsonNode after = firstNext(id(failedEvent)); after != null; after = firstNext(id(after))) {
            String type = type(after);
            if (type.equals("TaskScheduled")) {
                return Outcome.RETRIED;
            }
            if (type.endsWith("StateEntered")) {
                return Outcome.CAUGHT;
            }
            if (type.endsWith("Failed") || type.endsWith("Aborted")) {
                return Outcome.FAILED;
            }
        }
        return Outcome.FAILED;
    }

    private JsonNode firstNext(long id, String... types) {
        for (JsonNode e : next.getOrDefault(id, List.of())) {
            if (types.length == 0 || List.of(types).contains(type(e))) {
                return e;
            }
        }
        return null;
    }

    private JsonNode prev(JsonNode e) {
        return byId.get(e.path("previousEventId").asLong());
    }

    private static JsonNode detailsOf(JsonNode e) {
        for (var field : e.properties()) {
            if (field.getKey().endsWith("EventDetails")) {
                return field.getValue();
            }
        }
        return MAPPER.createObjectNode();
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return MAPPER.createObjectNode();
        }
    }

    private static long id(JsonNode e) {
        return e.get("id").asLong();
    }

    private static String type(JsonNode e) {
        return e.get("type").asText();
    }

    private static Instant time(JsonNode e) {
        return Instant.ofEpochMilli(Math.round(e.get("timestamp").asDouble() * 1000));
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
