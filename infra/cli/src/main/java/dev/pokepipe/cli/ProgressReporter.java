package dev.pokepipe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.EventDetails.MapIteration;
import dev.pokepipe.engine.EventDetails.MapIterationStarted;
import dev.pokepipe.engine.EventDetails.MapRunStarted;
import dev.pokepipe.engine.EventDetails.MapStateFailed;
import dev.pokepipe.engine.EventDetails.MapStateStarted;
import dev.pokepipe.engine.EventDetails.MapStateSucceeded;
import dev.pokepipe.engine.EventDetails.StateEntered;
import dev.pokepipe.engine.EventDetails.TaskFailed;
import dev.pokepipe.engine.EventDetails.TaskFailure;
import dev.pokepipe.engine.ExecutionResult;
import dev.pokepipe.engine.HistoryEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Live progress of a run on stderr, per Map (per Map Run for a Distributed Map): items done out of
 * total and errors seen (retried or caught). An inline Map's items are its iteration events; a
 * Distributed Map's are its child executions, which {@link #childEnded} is told of as each ends, its
 * errors read from the child's own history. A Map that reads its items from S3 does not say how many
 * there are: the first one's total is its input's {@code count} (the ids the run prepared), a later
 * one's the items of the Map before it that succeeded without a caught error (the images that reached
 * S3). On a terminal the line is redrawn in place; otherwise a line is printed at most once a second
 * and when a Map ends.
 */
public final class ProgressReporter implements Consumer<HistoryEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean interactive;
    /** Per Map: total, done, errors, and done without a caught error. */
    private final Map<String, int[]> maps = new LinkedHashMap<>();
    private String enteringMap;
    private int enteringCount;
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
            enteringCount = countIn(s.input());
        } else if (d instanceof MapStateStarted m) {
            maps.put(enteringMap, new int[]{m.length(), 0, 0, 0});
        } else if (d instanceof MapRunStarted && maps.containsKey(enteringMap) && maps.get(enteringMap)[0] == 0) {
            maps.get(enteringMap)[0] = maps.size() == 1 ? enteringCount : previousClean();
        } else if (d instanceof MapIteration i && !(d instanceof MapIterationStarted)) {
            counts(i.name())[1]++;
        } else if (d instanceof TaskFailed f && failed(f)) {
            current()[2]++;
        } else if (d instanceof MapStateSucceeded || d instanceof MapStateFailed) {
            print(true);
            return;
        } else {
            return;
        }
        print(false);
    }

    /** Counts a Distributed Map child execution that ended, with the errors its history shows, in the Map running now. */
    public synchronized void childEnded(ExecutionResult child) {
        if (maps.isEmpty()) {
            return;
        }
        int[] c = current();
        c[1]++;
        child.history().forEach(e -> {
            if (e.details() instanceof TaskFailed f && failed(f)) {
                c[2]++;
            }
        });
        if (child.status() == ExecutionResult.Status.SUCCEEDED && child.output() != null && !child.output().has("error")) {
            c[3]++;
        }
        print(false);
    }

    private static boolean failed(TaskFailed f) {
        return f.failure() == TaskFailure.FAILED || f.failure() == TaskFailure.TIMED_OUT;
    }

    private static int countIn(String input) {
        try {
            JsonNode node = input == null ? null : JSON.readTree(input);
            return node != null && node.path("count").canConvertToInt() ? node.get("count").asInt() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The items of the Map before the current one that came out without a caught error. */
    private int previousClean() {
        int[] previous = null;
        for (Map.Entry<String, int[]> m : maps.entrySet()) {
            if (m.getKey().equals(enteringMap)) {
                break;
            }
            previous = m.getValue();
        }
        return previous == null ? 0 : previous[3];
    }

    private int[] current() {
        if (maps.isEmpty()) {
            return new int[4];
        }
        return maps.values().stream().reduce((a, b) -> b).orElseThrow();
    }

    private int[] counts(String map) {
        return maps.computeIfAbsent(map, k -> new int[4]);
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
