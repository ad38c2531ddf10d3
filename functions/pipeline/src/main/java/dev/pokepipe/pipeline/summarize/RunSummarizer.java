package dev.pokepipe.pipeline.summarize;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.StorageUnavailableException;
import dev.pokepipe.pipeline.outcome.StageOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns a run's outcomes, all of them in S3, into a {@link RunSummary} and stores it as
 * {@code runs/{runId}/summary.json}. The ids asked for come from {@code ids.json}, streamed; what each
 * Distributed Map said about an id, a success's timings included, from its ResultWriter files
 * ({@link MapVerdicts}); a failure's reason from the record its function kept under
 * {@code runs/{runId}/results/}, read a bounded window ahead. Every requested id ends up either
 * processed or in {@code failures}: an id without a verdict, or a success without its timings, is
 * reported as {@value #MISSING_OUTCOME}, so nothing goes missing silently.
 */
public final class RunSummarizer {

    /** The error name recorded for an id whose outcome is missing: no result from its Map, or a success without its timings. */
    public static final String MISSING_OUTCOME = "pokepipe.MissingOutcome";

    /** The largest result object read back; a few hundred bytes are written. */
    private static final long MAX_RESULT_BYTES = 64 * 1024;
    /** Failure records read at once: S3 answers each in tens of milliseconds, and a run can have 100,000 failures. */
    private static final int READERS = 16;
    /** Ids whose records are being read ahead of the one being counted. */
    private static final int WINDOW = 256;

    private final ImageStore store;
    private final ObjectMapper json;

    public RunSummarizer(ImageStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** An id's failure records as its functions kept them, empty where there is none or none was read. */
    private record Records(int id, Optional<StageOutcome> download, Optional<StageOutcome> process) {
    }

    /** What is counted while the ids stream past. */
    private static final class Tally {
        final PhaseTimes download = new PhaseTimes();
        final PhaseTimes process = new PhaseTimes();
        final List<RunSummary.Failure> failures = new ArrayList<>();
        int requested;
        int downloaded;
        int processed;
    }

    /** Computes the summary, writes it to the run's bucket and returns it. */
    public RunSummary summarize(SummarizeRequest request) {
        String runId = RunLayout.requireRunId(request.runId());
        String bucket = RunLayout.requireBucket(request.bucket());
        if (request.downloadResults() == null) {
            throw new InvalidEventException("downloadResults is missing: the download Map's ResultWriter manifest is required");
        }
        MapVerdicts downloads = MapVerdicts.read(store, json, bucket, runId, request.downloadResults());
        MapVerdicts processes = request.processResults() == null ? MapVerdicts.none()
                : MapVerdicts.read(store, json, bucket, runId, request.processResults());
        Tally tally = new Tally();
        ExecutorService readers = Executors.newFixedThreadPool(READERS, r -> {
            Thread t = new Thread(r, "pokepipe-summary-reader");
            t.setDaemon(true);
            return t;
        });
        String idsKey = RunLayout.ids(runId);
        try (InputStream in = store.open(bucket, idsKey); JsonParser ids = json.getFactory().createParser(in)) {
            if (ids.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidEventException(idsKey + " is not a JSON array of ids");
            }
            ArrayDeque<Future<Records>> window = new ArrayDeque<>();
            for (JsonToken t = ids.nextToken(); t != JsonToken.END_ARRAY; t = ids.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT) {
                    throw new InvalidEventException(idsKey + " holds " + ids.getText() + ", not an id");
                }
                int id = RunLayout.requireId(ids.getIntValue());
                boolean downloadFailed = downloads.failure(id) != null;
                boolean processFailed = downloads.succeeded(id) && processes.failure(id) != null;
                window.add(downloadFailed || processFailed
                        ? readers.submit(() -> records(bucket, runId, id, downloadFailed, processFailed))
                        : CompletableFuture.completedFuture(new Records(id, Optional.empty(), Optional.empty())));
                if (window.size() >= WINDOW) {
                    count(join(window.poll()), downloads, processes, tally);
                }
            }
            while (!window.isEmpty()) {
                count(join(window.poll()), downloads, processes, tally);
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("reading " + idsKey + " failed: " + e.getMessage(), e);
        } finally {
            readers.shutdownNow();
        }
        return write(runId, bucket, tally);
    }

    private Records records(String bucket, String runId, int id, boolean downloadFailed, boolean processFailed) {
        return new Records(id,
                downloadFailed ? read(bucket, RunLayout.result(runId, RunLayout.DOWNLOAD, id)) : Optional.empty(),
                processFailed ? read(bucket, RunLayout.result(runId, RunLayout.PROCESS, id)) : Optional.empty());
    }

    private static void count(Records r, MapVerdicts downloads, MapVerdicts processes, Tally tally) {
        tally.requested++;
        MapVerdicts.Timing d = succeeded(r.id(), downloads, r.download(), RunLayout.DOWNLOAD, tally);
        if (d == null) {
            return;
        }
        tally.downloaded++;
        tally.download.add(d.start(), d.durationMs());
        MapVerdicts.Timing p = succeeded(r.id(), processes, r.process(), RunLayout.PROCESS, tally);
        if (p == null) {
            return;
        }
        tally.processed++;
        tally.process.add(p.start(), p.durationMs());
    }

    /**
     * The timings of the Map's success for an id, or null once the id's failure is tallied: with the
     * reason its function recorded, or, for a failure the function could not record (a timeout, a
     * crash), what the Map saw; a record of another outcome (an earlier attempt's) is ignored.
     */
    private static MapVerdicts.Timing succeeded(int id, MapVerdicts verdicts, Optional<StageOutcome> record,
                                                String stage, Tally tally) {
        MapVerdicts.Failed failed = verdicts.failure(id);
        if (failed != null) {
            String cause = record.filter(r -> failed.error().equals(r.error())).map(StageOutcome::cause)
                    .orElseGet(() -> failed.cause() != null ? failed.cause() : defaultReason(failed.error()));
            tally.failures.add(new RunSummary.Failure(id, stage, failed.error(), cause));
            return null;
        }
        if (!verdicts.succeeded(id)) {
            tally.failures.add(new RunSummary.Failure(id, stage, MISSING_OUTCOME,
                    "the " + stage + " Map returned no result for this id"));
            return null;
        }
        MapVerdicts.Timing timing = verdicts.timing(id);
        if (timing == null) {
            tally.failures.add(new RunSummary.Failure(id, stage, MISSING_OUTCOME, stage + " reported success, but"
                    + " its result in the Map's ResultWriter files has no startedAt and durationMs"));
        }
        return timing;
    }

    private RunSummary write(String runId, String bucket, Tally tally) {
        tally.failures.sort(Comparator.comparingInt(RunSummary.Failure::id));
        Instant first = earliest(tally.download.first(), tally.process.first());
        Instant last = latest(tally.download.last(), tally.process.last());
        double totalSeconds = first == null ? 0.0 : Duration.between(first, last).toMillis() / 1000.0;
        double perSecond = totalSeconds > 0 ? tally.processed / totalSeconds : 0.0;
        String key = RunLayout.summary(runId);
        RunSummary summary = new RunSummary(runId, tally.requested, tally.downloaded, tally.processed,
                tally.failures.size(), List.copyOf(tally.failures), tally.download.stats(), tally.process.stats(),
                round3(totalSeconds), round3(perSecond), first == null ? null : first.toString(),
                last == null ? null : last.toString(), key);
        store.put(bucket, key, toJson(summary), "application/json");
        return summary;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
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

    static double round3(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private byte[] toJson(RunSummary summary) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the summary of run " + summary.runId(), e);
        }
    }
}
