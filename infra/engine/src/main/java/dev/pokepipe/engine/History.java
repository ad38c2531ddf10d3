package dev.pokepipe.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One execution's history as it is recorded, numbered, stamped and handed to the listener, one event at a time. */
final class History {

    private final List<HistoryEvent> events = new ArrayList<>();
    private final EngineClock clock;
    private final Consumer<HistoryEvent> listener;

    History(EngineClock clock, Consumer<HistoryEvent> listener) {
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Records an event after {@code previous} in its lane; returns its id.
     *
     * @throws StatesError States.Runtime once the history holds Step Functions' quota of events
     */
    long record(long previous, EventDetails details) {
        HistoryEvent e;
        synchronized (events) {
            if (events.size() >= LocalEngine.MAX_HISTORY_EVENTS) {
                throw StatesError.runtime("the execution history reached " + LocalEngine.MAX_HISTORY_EVENTS
                        + " events");
            }
            e = new HistoryEvent(events.size() + 1, clock.now(), previous, details);
            events.add(e);
        }
        // Not under the history's lock, so recording never waits on a listener; but one call at a time,
        // so a listener needs no locking of its own.
        synchronized (listener) {
            listener.accept(e);
        }
        return e.id();
    }

    /** Records an event as the next of {@code lane}. */
    void record(Lane lane, EventDetails details) {
        lane.last = record(lane.last, details);
    }

    List<HistoryEvent> snapshot() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
