package dev.pokepipe.functions.summarize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.common.ImageStore;
import dev.pokepipe.functions.common.InvalidEventException;
import dev.pokepipe.functions.common.RunKeys;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns both Maps' outcomes into a {@link RunSummary} and stores it as {@code runs/{runId}/summary.json}.
 * Every requested id ends up either processed or in {@code failures}: an id that downloaded but has no
 * process outcome at all is reported as a failure too, so nothing goes missing silently.
 */
public final class RunSummarizer {

    /** The error name recorded for a downloaded id that came back from the process Map with no outcome. */
    public static final String MISSING_OUTCOME = "pokepipe.MissingOutcome";

    private final ImageStore store;
    private final ObjectMapper json;

    public RunSummarizer(ImageStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** Computes the summary, writes it to the run's bucket and returns it. */
    public RunSummary summarize(SummarizeRequest request) {
        String runId = RunKeys.requireRunId(request.runId());
        String bucket = RunKeys.requireBucket(request.bucket());
        if (request.downloads() == null) {
            throw new InvalidEventException("downloads is missing: the download Map's results are required");
        }
        List<StageOutcome> processes = request.processes() == null ? List.of() : request.processes();

        Map<Integer, StageOutcome> downloads = byId(request.downloads(), "downloads");
        Map<Integer, StageOutcome> processed = byId(processes, "processes");
        Map<Integer, RunSummary.Failure> failures = new TreeMap<>();
        int downloadedCount = 0;
        int processedCount = 0;
        for (StageOutcome d : downloads.values()) {
            if (d.failed()) {
                failures.put(d.id(), failure(d, "download"));
                continue;
            }
            downloadedCount++;
            StageOutcome p = processed.get(d.id());
            if (p == null) {
                failures.put(d.id(), new RunSummary.Failure(d.id(), "process", MISSING_OUTCOME,
                        "the process Map returned no result for this id"));
            } else if (p.failed()) {
                failures.put(d.id(), failure(p, "process"));
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

        String key = RunKeys.summary(runId);
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
            if (out.putIfAbsent(o.id(), o) != null) {
                throw new InvalidEventException(field + " has id " + o.id() + " more than once");
            }
            if (!o.failed()) {
                start(o);
                durationMs(o);
            }
        }
        return out;
    }

    private RunSummary.Failure failure(StageOutcome o, String defaultStage) {
        return new RunSummary.Failure(o.id(), o.stage() == null ? defaultStage : o.stage(), o.error(),
                readableCause(o.cause()));
    }

    /** A function error's Cause is Lambda's error document; its errorMessage is what a person wants to read. */
    private String readableCause(String cause) {
        if (cause == null || !cause.startsWith("{")) {
            return cause;
        }
        try {
            JsonNode doc = json.readTree(cause);
            return doc.path("errorMessage").isTextual() ? doc.get("errorMessage").asText() : cause;
        } catch (JsonProcessingException e) {
            return cause;
        }
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
