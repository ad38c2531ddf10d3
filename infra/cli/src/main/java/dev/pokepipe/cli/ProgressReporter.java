package dev.pokepipe.cli;

import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.EventDetails.MapIteration;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.HistoryEvent;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Live progress of a run on stderr, read from the execution history as it grows: per Map, items
 * done out of total and errors seen (retried or caught). On a terminal the line is redrawn in
 * place; otherwise a line is printed at most once a second and when a Map ends.
 */
public final class ProgressReporter implements Consumer<HistoryEvent> {

    private final PrintStream out;
    private final boolean interactive;
    private final Map<String, int[]> maps = new LinkedHashMap<>();
    private String enteringMap;
    private long lastPrint;

    public ProgressReporter(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** Progress on this process's stderr, redrawn in place when there is a terminal. */
    public static ProgressReporter onStderr() {
        return new ProgressReporter(System.err, System.console() != null);
    }

    @Override
    public synchronized void accept(HistoryEvent e) {
        EventDetails d = e.details();
        if (d instanceof StateEntered s && s.stateType() == EventDetails.StateType.MAP) {
            enteringMap = s.name();
        } else if (d instanceof MapStateStarted m) {
            maps.put(enteringMap, new int[]{m.length(), 0, 0});
        } else if (d instanceof MapIteration i && !(d instanceof MapIterationStarted)) {
            counts(i.name())[1]++;
        } else if (d instanceof TaskFailed f
                && (f.failure() == TaskFailure.FAILED || f.failure() == TaskFailure.TIMED_OUT)) {
            if (!maps.isEmpty()) {
                maps.values().stream().reduce((a, b) -> b).orElseThrow()[2]++;
            }
        } else if (d instanceof MapStateSucceeded || d instanceof MapStateFailed) {
            print(true);
            return;
        } else {
            return;
        }
        print(false);
    }

    private int[] counts(String map) {
        return maps.computeIfAbsent(map, k -> new int[3]);
    }

    private void print(boolean mapEnded) {
        long now = System.nanoTime();
        if (!mapEnded && now - lastPrint < (interactive ? 100_000_000L : 1_000_000_000L)) {
            return;
        }
        lastPrint = now;
        StringBuilder line = new StringBuilder();
        maps.forEach((name, c) -> {
            if (line.length() > 0) {
                line.append("  |  ");
            }
            line.append(name).append(' ').append(c[1]).append('/').append(c[0]);
            if (c[2] > 0) {
                line.append(" (").append(c[2]).append(c[2] == 1 ? " error" : " errors").append(')');
            }
        });
        if (interactive) {
            out.print("\r" + line + (mapEnded ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
