package dev.pokepipe.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** One Map state's totals over an execution, counted while its iterations run. */
final class MapStats {
    final AtomicInteger items = new AtomicInteger();
    final AtomicInteger peak = new AtomicInteger();

    ExecutionResult.MapRun snapshot() {
        return new ExecutionResult.MapRun(items.get(), peak.get());
    }
}
