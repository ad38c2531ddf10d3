package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.cli.report.ExecutionTimeline.InFlight;
import dev.pokepipe.cli.report.ExecutionTimeline.Invocation;
import dev.pokepipe.cli.report.ExecutionTimeline.Outcome;
import dev.pokepipe.cli.report.ExecutionTimeline.StateCounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the timeline draws and the graph counts: each Lambda invocation the history shows (an inline
 * Map's history has every one), or, where a Distributed Map's children ran the items and the parent
 * history has none of them, one bar per child execution from its ResultWriter record. Either way a
 * bar sits in a concurrency slot of its Map, the lowest free when it started.
 */
final class Bars {

    private final List<Invocation> invocations;
    private final Map<String, Integer> slotsUsed;
    private final Map<String, StateCounts> states;
    private final Instant start;
    private final Instant end;
    private final boolean fromChildren;

    private Bars(List<Invocation> invocations, Map<String, Integer> slotsUsed, Map<String, StateCounts> states,
                 Instant start, Instant end, boolean fromChildren) {
        this.invocations = invocations;
        this.slotsUsed = slotsUsed;
        this.states = states;
        this.start = start;
        this.end = end;
        this.fromChildren = fromChildren;
    }

    /** The history's own bars when any Map's invocations are in it, else its top-level ones and {@code children}'s. */
    static Bars of(ExecutionTimeline timeline, List<ChildRuns.Child> children, JsonNode definition) {
        boolean inline = timeline.invocations().stream().anyMatch(i -> i.map() != null);
        if (inline || children.isEmpty()) {
            return new Bars(timeline.invocations(), timeline.slotsUsed(), timeline.states(), timeline.start(),
                    timeline.end(), false);
        }
        Map<String, String> stateOfLabel = new HashMap<>();
        Map<String, String> taskOf = new HashMap<>();
        Map<String, String> catchOf = new HashMap<>();
        definition.path("States").properties().forEach(s -> {
            JsonNode processor = s.getValue().path("ItemProcessor");
            if ("Map".equals(s.getValue().path("Type").asText()) && !processor.isMissingNode()) {
                String label = s.getValue().path("Label").asText(s.getKey());
                String task = processor.path("StartAt").asText();
                stateOfLabel.put(label, s.getKey());
                taskOf.put(label, task);
                JsonNode catcher = processor.path("States").path(task).path("Catch").path(0).path("Next");
                if (catcher.isTextual()) {
                    catchOf.put(task, catcher.asText());
                }
            }
        });
        List<Invocation> bars = new ArrayList<>(timeline.invocations());
        for (Invocation i : ChildRuns.invocations(children, taskOf)) {
            bars.add(new Invocation(i.state(), stateOfLabel.getOrDefault(i.map(), i.map()), 0, i.id(), i.attempt(),
                    i.started(), i.ended(), i.outcome(), i.error(), i.cause()));
        }
        Map<String, Integer> slotsUsed = new TreeMap<>();
        List<Invocation> slotted = assignSlots(bars, slotsUsed);
        Map<String, StateCounts> states = new LinkedHashMap<>(timeline.states());
        for (Invocation i : slotted) {
            if (i.map() == null) {
                continue;
            }
            StateCounts c = states.computeIfAbsent(i.state(), k -> new StateCounts());
            c.entered++;
            switch (i.outcome()) {
                case SUCCEEDED -> c.succeeded++;
                case CAUGHT -> {
                    c.caught++;
                    String next = catchOf.get(i.state());
                    if (next != null) {
                        states.computeIfAbsent(next, k -> new StateCounts()).entered++;
                    }
                }
                case FAILED -> c.failed++;
                default -> { }
            }
        }
        Instant first = timeline.start();
        Instant last = timeline.end();
        for (Invocation i : slotted) {
            first = first == null || i.started().isBefore(first) ? i.started() : first;
            Instant ended = i.ended() == null ? i.started() : i.ended();
            last = last == null || ended.isAfter(last) ? ended : last;
        }
        return new Bars(slotted, slotsUsed, states, first, last, true);
    }

    /** Each Map's bars in start order, each in the lowest slot whose bar has ended by then; top-level ones in slot 0. */
    private static List<Invocation> assignSlots(List<Invocation> bars, Map<String, Integer> slotsUsed) {
        List<Invocation> ordered = new ArrayList<>(bars);
        ordered.sort(Comparator.comparing(Invocation::started));
        Map<String, List<Instant>> busyUntil = new HashMap<>();
        List<Invocation> slotted = new ArrayList<>(ordered.size());
        for (Invocation i : ordered) {
            if (i.map() == null) {
                slotted.add(i);
                continue;
            }
            List<Instant> slots = busyUntil.computeIfAbsent(i.map(), k -> new ArrayList<>());
            int slot = 0;
            while (slot < slots.size() && slots.get(slot).isAfter(i.started())) {
                slot++;
            }
            Instant to = i.ended() == null ? Instant.MAX : i.ended();
            if (slot == slots.size()) {
                slots.add(to);
            } else {
                slots.set(slot, to);
            }
            slotsUsed.merge(i.map(), slot + 1, Math::max);
            slotted.add(new Invocation(i.state(), i.map(), slot, i.id(), i.attempt(), i.started(), i.ended(),
                    i.outcome(), i.error(), i.cause()));
        }
        return slotted;
    }

    List<Invocation> invocations() {
        return invocations;
    }

    /** Per Map, the slots its bars took: its peak in flight. */
    Map<String, Integer> slotsUsed() {
        return slotsUsed;
    }

    /** Per state, what the history says, with the children's outcomes added to the states they start at. */
    Map<String, StateCounts> states() {
        return states;
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    /** Whether a Map's bars are its child executions rather than Lambda invocations. */
    boolean fromChildren() {
        return fromChildren;
    }

    /** The number of bars running over time: a step each time one starts or ends. */
    List<InFlight> inFlight() {
        TreeMap<Instant, Integer> delta = new TreeMap<>();
        for (Invocation i : invocations) {
            delta.merge(i.started(), 1, Integer::sum);
            delta.merge(i.ended() == null ? end : i.ended(), -1, Integer::sum);
        }
        List<InFlight> curve = new ArrayList<>(delta.size());
        int count = 0;
        for (Map.Entry<Instant, Integer> d : delta.entrySet()) {
            count += d.getValue();
            curve.add(new InFlight(d.getKey(), count));
        }
        return curve;
    }

    /** How many bars ended in {@code outcome}. */
    long count(Outcome outcome) {
        return invocations.stream().filter(i -> i.outcome() == outcome).count();
    }
}
