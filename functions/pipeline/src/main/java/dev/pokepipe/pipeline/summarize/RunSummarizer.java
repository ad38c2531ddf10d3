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
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Turns a run's outcomes, all of them in S3, into a {@link RunSummary} and stores it as
 * {@code runs/{runId}/summary.json}. The ids asked for come from {@code ids.json}, streamed; what each
 * Distributed Map said about an id from its ResultWriter files ({@link MapVerdicts}); the timings and
 * the failures' reasons from the records the functions kept under {@code runs/{runId}/results/}, read a
 * bounded window ahead. Every requested id ends up either processed or in {@code failures}: an id
 * without a verdict or without its record is reported as {@value #MISSING_OUTCOME}, so nothing goes
 * missing silently. Memory grows with the failures, not with the ids.
 */
public final class RunSummarizer {

    /** The error name recorded for an id whose outcome is missing: no result from its Map, or a success without its record. */
    public static final String MISSING_OUTCOME = "pokepipe.MissingOutcome";

    /** The largest result object read back; a few hundred bytes are written. */
    private static final long MAX_RESULT_BYTES = 64 * 1024;
    /** Result objects read at once: S3 answers each in tens of milliseconds, and a run can have 100,000. */
    private static final int READERS = 16;
    /** Ids whose records are being read ahead of the one being counted. */
    private static final int WINDOW = 256;

    private final ImageStore store;
    private final ObjectMapper json;

    public RunSummarizer(ImageStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** An id's records as its functions kept them, empty where there is none. */
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
                boolean downloadOk = downloads.succeeded(id);
                window.add(readers.submit(() -> records(bucket, runId, id, downloadOk)));
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

    private Records records(String bucket, String runId, int id, boolean downloadOk) {
        return new Records(id, read(bucket, RunLayout.result(runId, RunLayout.DOWNLOAD, id)),
                downloadOk ? read(bucket, RunLayout.result(runId, RunLayout.PROCESS, id)) : Optional.empty());
    }

    private static void count(Records r, MapVerdicts downloads, MapVerdicts processes, Tally tally) {
        tally.requested++;
        StageOutcome d = outcome(r.id(), downloads, r.download(), RunLayout.DOWNLOAD);
        if (d.failed()) {
            tally.failures.add(failure(d, RunLayout.DOWNLOAD));
            return;
        }
        tally.downloaded++;
        tally.download.add(start(d), durationMs(d));
        StageOutcome p = outcome(r.id(), processes, r.process(), RunLayout.PROCESS);
        if (p.failed()) {
            tally.failures.add(failure(p, RunLayout.PROCESS));
            return;
        }
        tally.processed++;
        tally.process.add(start(p), durationMs(p));
    }

    /**
     * The Map's verdict on an id with its record's details: a success's timings, a failure's reason. A
     * failure the function could not record (a timeout, a crash) keeps what the Map saw; a record of
     * another outcome (an earlier attempt's) is ignored.
     */
    private static StageOutcome outcome(int id, MapVerdicts verdicts, Optional<StageOutcome> record, String stage) {
        MapVerdicts.Failed failed = verdicts.failure(id);
        if (failed != null) {
            String cause = record.filter(r -> failed.error().equals(r.error())).map(StageOutcome::cause)
                    .orElseGet(() -> failed.cause() != null ? failed.cause() : defaultReason(failed.error()));
            return StageOutcome.failure(id, stage, failed.error(), cause);
        }
        if (!verdicts.succeeded(id)) {
            return StageOutcome.failure(id, stage, MISSING_OUTCOME, "the " + stage + " Map returned no result for this id");
        }
        return record.filter(o -> !o.failed() && timed(o)).orElseGet(() -> StageOutcome.failure(id, stage,
                MISSING_OUTCOME, stage + " reported success, but its result record under runs/{runId}/results/ is"
                        + " missing, unreadable or another attempt's"));
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
