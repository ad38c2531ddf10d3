package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.outcome.StageOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns both Maps' outcomes into a {@link RunSummary} and stores it as {@code runs/{runId}/summary.json}.
 * The state hands over one small item per id ({@code {id, bytes}} or {@code {id, error}}); the
 * timings and the failures' reasons are read from the result objects the functions kept under
 * {@code runs/{runId}/results/}. Every requested id ends up either processed or in {@code failures}:
 * an id that downloaded but has no process outcome at all is reported as a failure too, so nothing
 * goes missing silently.
 */
public final class RunSummarizer {

    /** The error name recorded for an id whose outcome is missing: no process result at all, or a success without its record. */
    public static final String MISSING_OUTCOME = "pokepipe.MissingOutcome";

    /** The largest result object read back; a few hundred bytes are written. */
    private static final long MAX_RESULT_BYTES = 64 * 1024;
    /** Result objects read at once: S3 answers each in tens of milliseconds, and a run can have thousands. */
    private static final int READERS = 16;

    private final ImageStore store;
    private final ObjectMapper json;

    public RunSummarizer(ImageStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Computes the summary, writes it to the run's bucket and returns it. */
    public RunSummary summarize(SummarizeRequest request) {
        String runId = RunLayout.requireRunId(request.runId());
        String bucket = RunLayout.requireBucket(request.bucket());
        if (request.downloads() == null) {
            throw new InvalidEventException("downloads is missing: the download Map's results are required");
        }
        List<StageOutcome> processes = request.processes() == null ? List.of() : request.processes();

        Map<Integer, StageOutcome> downloads = kept(bucket, runId, RunLayout.DOWNLOAD, byId(request.downloads(), "downloads"));
        Map<Integer, StageOutcome> processed = kept(bucket, runId, RunLayout.PROCESS, byId(processes, "processes"));
        Map<Integer, RunSummary.Failure> failures = new TreeMap<>();
        int downloadedCount = 0;
        int processedCount = 0;
        for (StageOutcome d : downloads.values()) {
            if (d.failed()) {
                failures.put(d.id(), failure(d, RunLayout.DOWNLOAD));
                continue;
            }
            downloadedCount++;
            StageOutcome p = processed.get(d.id());
            if (p == null) {
                failures.put(d.id(), new RunSummary.Failure(d.id(), RunLayout.PROCESS, MISSING_OUTCOME,
                        "the process Map returned no result for this id"));
            } else if (p.failed()) {
                failures.put(d.id(), failure(p, RunLayout.PROCESS));
            } else {
                processedCount++;
            }
        }
        List<StageOutcome> okDownloads = downloads.values().stream().filter(o -> !o.failed()).toList();
        List<StageOutcome> okProcesses = processed.values().stream()
                .filter(o -> !o.failed() && downloads.containsKey(o.id())).toList();
        RunSummary.PhaseStats download = phase(okDownloads);
        RunSummary.PhaseStats process = phase(okProcesses);

        List<StageOutcome> all = new ArrayList<>(okDownloads);
        all.addAll(okProcesses);
        Optional<Instant> first = all.stream().map(RunSummarizer::start).min(Comparator.naturalOrder());
        Optional<Instant> last = all.stream().map(RunSummarizer::end).max(Comparator.naturalOrder());
        double totalSeconds = first.isPresent() ? seconds(Duration.between(first.get(), last.get())) : 0.0;
        double perSecond = totalSeconds > 0 ? processedCount / totalSeconds : 0.0;

        String key = RunLayout.summary(runId);
        RunSummary summary = new RunSummary(runId, downloads.size(), downloadedCount, processedCount,
                failures.size(), List.copyOf(failures.values()), download, process,
                round3(totalSeconds), round3(perSecond),
                first.map(Instant::toString).orElse(null), last.map(Instant::toString).orElse(null), key);
        store.put(bucket, key, toJson(summary), "application/json");
        return summary;
    }

    private static RunSummary.PhaseStats phase(List<StageOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return new RunSummary.PhaseStats(0, 0, 0, 0, 0);
        }
        Instant first = outcomes.stream().map(RunSummarizer::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant last = outcomes.stream().map(RunSummarizer::end).max(Comparator.naturalOrder()).orElseThrow();
        long[] durations = outcomes.stream().mapToLong(RunSummarizer::durationMs).sorted().toArray();
        long sum = 0;
        for (long d : durations) {
            sum += d;
        }
        return new RunSummary.PhaseStats(durations.length, round3(seconds(Duration.between(first, last))),
                round3(sum / 1000.0), nearestRank(durations, 0.50), nearestRank(durations, 0.95));
    }

    /** The nearest-rank percentile of sorted values. */
    static long nearestRank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static Map<Integer, StageOutcome> byId(List<StageOutcome> outcomes, String field) {
        Map<Integer, StageOutcome> out = new TreeMap<>();
        for (StageOutcome o : outcomes) {
            if (o == null || o.id() == null) {
                throw new InvalidEventException(field + " has an item without an id: " + o);
            }
            // The definition refuses repeated ids; one that slips through as another spelling ("2" for 2) is one image.
            out.putIfAbsent(o.id(), o);
        }
        return out;
    }

    /**
     * Each item with what its function kept: a success's timings, a failure's reason. A failure the
     * function could not record (a timeout, a crash) keeps the error the state machine saw.
     */
    private Map<Integer, StageOutcome> kept(String bucket, String runId, String stage, Map<Integer, StageOutcome> items) {
        Map<Integer, Future<Optional<StageOutcome>>> reads = new TreeMap<>();
        ExecutorService readers = Executors.newFixedThreadPool(Math.max(1, Math.min(READERS, items.size())), r -> {
            Thread t = new Thread(r, "pokepipe-summary-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            items.keySet().forEach(id -> reads.put(id, readers.submit(() -> read(bucket, RunLayout.result(runId, stage, id)))));
            Map<Integer, StageOutcome> out = new TreeMap<>();
            for (Map.Entry<Integer, StageOutcome> item : items.entrySet()) {
                out.put(item.getKey(), merged(item.getValue(), join(reads.get(item.getKey())), stage));
            }
            return out;
        } finally {
            readers.shutdownNow();
        }
    }

    /** The record, if there is a readable one; storage being down is the one failure that stops the summary (it is retried). */
    private Optional<StageOutcome> read(String bucket, String key) {
        try {
            Optional<byte[]> bytes = store.find(bucket, key, MAX_RESULT_BYTES);
            return bytes.isEmpty() ? Optional.empty() : Optional.of(json.readValue(bytes.get(), StageOutcome.class));
        } catch (IOException | ImageTooLargeException e) {
            return Optional.empty();
        }
    }

    private static <T> T join(Future<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while reading the run's results", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StorageUnavailableException("reading the run's results failed: " + e.getCause(), e.getCause());
        }
    }

    /** The state's verdict with the record's details; a record of another outcome (an earlier attempt's) is ignored. */
    private static StageOutcome merged(StageOutcome item, Optional<StageOutcome> record, String stage) {
        if (item.failed()) {
            String cause = record.filter(r -> item.error().equals(r.error())).map(StageOutcome::cause)
                    .orElseGet(() -> defaultReason(item.error()));
            return new StageOutcome(item.id(), null, null, null, null, null, null, stage, item.error(), cause);
        }
        Optional<StageOutcome> timed = record.filter(o -> !o.failed() && timed(o));
        return timed.orElseGet(() -> StageOutcome.failure(item.id(), stage, MISSING_OUTCOME, stage
                + " reported success, but its result record under runs/{runId}/results/ is missing, unreadable"
                + " or another attempt's"));
    }

    private static boolean timed(StageOutcome o) {
        try {
            start(o);
            durationMs(o);
            return true;
        } catch (InvalidEventException e) {
            return false;
        }
    }

    /** What a person reads for a failure whose function left no reason: the error names what happened. */
    static String defaultReason(String error) {
        if ("States.Timeout".equals(error)) {
            return "the function did not answer within its timeout";
        }
        if (error.startsWith("Lambda.") || error.startsWith("States.")) {
            return "Lambda could not run the function (" + error + ")";
        }
        return "the function failed with " + error + " and left no reason";
    }

    private static RunSummary.Failure failure(StageOutcome o, String defaultStage) {
        return new RunSummary.Failure(o.id(), o.stage() == null ? defaultStage : o.stage(), o.error(), o.cause());
    }

    private static Instant start(StageOutcome o) {
        try {
            return Instant.parse(o.startedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidEventException("id " + o.id() + ": startedAt must be an ISO-8601 instant, got "
                    + o.startedAt());
        }
    }

    private static long durationMs(StageOutcome o) {
        if (o.durationMs() == null || o.durationMs() < 0) {
            throw new InvalidEventException("id " + o.id() + ": durationMs must be a non-negative number, got "
                    + o.durationMs());
        }
        return o.durationMs();
    }

    private static Instant end(StageOutcome o) {
        return start(o).plusMillis(durationMs(o));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private byte[] toJson(RunSummary summary) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the summary of run " + summary.runId(), e);
        }
    }
}
