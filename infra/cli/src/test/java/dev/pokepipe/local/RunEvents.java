package dev.pokepipe.local;

import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.HistoryEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A run's histories as a test sees them: the top execution's events as they are recorded, and each
 * Distributed Map child execution's own history as it ends (the id's Task calls are there). Event ids
 * are per history, so the histories are kept apart.
 */
final class RunEvents {

    private final List<HistoryEvent> top = Collections.synchronizedList(new ArrayList<>());
    private final List<ExecutionResult> children = Collections.synchronizedList(new ArrayList<>());

    Consumer<HistoryEvent> top() {
        return top::add;
    }

    Consumer<ExecutionResult> children() {
        return children::add;
    }

    List<ExecutionResult> childResults() {
        synchronized (children) {
            return List.copyOf(children);
        }
    }

    /** The top history first, then every child's. */
    List<List<HistoryEvent>> histories() {
        List<List<HistoryEvent>> all = new ArrayList<>();
        synchronized (top) {
            all.add(List.copyOf(top));
        }
        childResults().forEach(c -> all.add(c.history()));
        return all;
    }

    /** Every event of every history. */
    Stream<HistoryEvent> all() {
        return histories().stream().flatMap(List::stream);
    }

    List<HistoryEvent> topEvents() {
        synchronized (top) {
            return List.copyOf(top);
        }
    }
}
