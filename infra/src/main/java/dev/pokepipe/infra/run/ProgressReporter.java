package dev.pokepipe.infra.run;

import dev.pokepipe.infra.engine.HistoryEvent;

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

    @Override
    public synchronized void accept(HistoryEvent e) {
        switch (e.type()) {
            case "MapStateEntered" -> enteringMap = e.details().get("name").asText();
            case "MapStateStarted" -> maps.put(enteringMap, new int[]{e.details().get("length").asInt(), 0, 0});
            case "MapIterationSucceeded", "MapIterationFailed", "MapIterationAborted" ->
                    counts(e.details().get("name").asText())[1]++;
            case "TaskFailed", "TaskTimedOut" -> {
                if (!maps.isEmpty()) {
                    maps.values().stream().reduce((a, b) -> b).orElseThrow()[2]++;
                }
            }
            case "MapStateSucceeded", "MapStateFailed" -> {
                print(true);
                return;
            }
            default -> {
                return;
            }
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
