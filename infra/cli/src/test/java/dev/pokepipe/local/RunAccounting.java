package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.engine.HistoryJson;
import dev.pokepipe.local.origin.SampleOrigin;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.exceptions.ImageNotFoundException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.exceptions.OriginUnavailableException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.PngDecoder;
import dev.pokepipe.transform.PngEncoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks that a run accounted for every requested id exactly as the sample origin's injected faults
 * predict: the right stage, the right error, retried only when the error is transient, and a
 * processed PNG identical to {@code pokepipe transform} of the downloaded original otherwise.
 */
final class RunAccounting {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImageTransform TRANSFORM = new ImageTransform(new PngDecoder(40_000_000), new PngEncoder());

    private RunAccounting() {
    }

    /** Asserts the accounting of ids 1..count; returns how many ids failed in each way, for the caller to check. */
    static Map<String, Integer> check(String runId, int count, RunSummary summary, List<List<HistoryEvent>> histories,
                                      SampleOrigin origin, Set<Integer> notFound, EmbeddedStorage storage) {
        assertThat(summary.requested()).isEqualTo(count);
        assertThat(summary.processed() + summary.failed()).isEqualTo(count);
        Map<Integer, RunSummary.Failure> failures = new HashMap<>();
        summary.failures().forEach(f -> failures.put(f.id(), f));
        Map<String, Integer> attempts = attempts(histories);
        Map<String, Integer> kinds = new HashMap<>();
        for (int id = 1; id <= count; id++) {
            RunSummary.Failure f = failures.get(id);
            Optional<SampleOrigin.Corruption> corruption = origin.corruption(id);
            String kind;
            if (notFound.contains(id)) {
                kind = expect(f, id, "download", ImageNotFoundException.class, "answered 404");
                assertThat(attempts.get("download/" + id + "/" + ImageNotFoundException.class.getName()))
                        .as("404 is not retried, id %d", id).isEqualTo(1);
            } else if (f != null && f.error().equals(OriginUnavailableException.class.getName())) {
                kind = expect(f, id, "download", OriginUnavailableException.class, "");
                assertThat(attempts.get("download/" + id)).as("transient errors are retried, id %d", id).isEqualTo(4);
            } else if (corruption.isPresent()) {
                kind = switch (corruption.get()) {
                    case HTML -> expect(f, id, "download", InvalidImageException.class, "did not return a PNG");
                    case TRUNCATED -> expect(f, id, "download", InvalidImageException.class, "truncated");
                    case BAD_CRC -> expect(f, id, "download", InvalidImageException.class, "bad CRC");
                    case HUGE_HEADER -> expect(f, id, "download", InvalidImageException.class, "image too large");
                    case BAD_DATA -> expect(f, id, "process", InvalidImageException.class, "bad compressed image data");
                };
                assertThat(attempts.getOrDefault(f.stage() + "/" + id + "/" + f.error(), 0))
                        .as("invalid images are not retried, id %d", id).isEqualTo(1);
            } else {
                assertThat(f).as("id %d should have been processed", id).isNull();
                assertProcessedMatchesTransform(storage, runId, id);
                kind = "processed";
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    private static String expect(RunSummary.Failure f, int id, String stage, Class<?> error, String causeContains) {
        assertThat(f).as("id %d should have failed in %s with %s", id, stage, error.getSimpleName()).isNotNull();
        assertThat(f.stage()).as("stage of id %d", id).isEqualTo(stage);
        assertThat(f.error()).as("error of id %d", id).isEqualTo(error.getName());
        assertThat(f.cause()).as("cause of id %d", id).contains(causeContains);
        return stage + ":" + error.getSimpleName() + (causeContains.isEmpty() ? "" : ":" + causeContains);
    }

    static void assertProcessedMatchesTransform(EmbeddedStorage storage, String runId, int id) {
        try {
            Path processed = storage.fileOf(LocalPipeline.BUCKET, RunLayout.processed(runId, id));
            Path raw = storage.fileOf(LocalPipeline.BUCKET, RunLayout.raw(runId, id));
            assertThat(Files.readAllBytes(processed)).as("processed %d", id)
                    .isEqualTo(TRANSFORM.transform(Files.readAllBytes(raw)).png());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Invocations per {@code download/ID} and {@code process/ID}, and failures per
     * {@code STAGE/ID/ERROR}, read from the histories (the top one and each child's): a TaskFailed event
     * follows its TaskStarted and TaskScheduled in the same history, and the TaskScheduled holds the
     * parameters.
     */
    static Map<String, Integer> attempts(List<List<HistoryEvent>> histories) {
        Map<String, Integer> attempts = new HashMap<>();
        for (List<HistoryEvent> history : histories) {
            Map<Long, HistoryEvent> byId = new HashMap<>();
            history.forEach(e -> byId.put(e.id(), e));
            for (HistoryEvent e : history) {
                if (e.details() instanceof EventDetails.TaskScheduled scheduled) {
                    String call = call(scheduled);
                    if (call != null) {
                        attempts.merge(call, 1, Integer::sum);
                    }
                } else if (e.details() instanceof EventDetails.TaskFailed failed
                        && failed.failure() == EventDetails.TaskFailure.FAILED) {
                    HistoryEvent scheduled = byId.get(byId.get(e.previousEventId()).previousEventId());
                    String call = call((EventDetails.TaskScheduled) scheduled.details());
                    if (call != null) {
                        attempts.merge(call + "/" + failed.error(), 1, Integer::sum);
                    }
                }
            }
        }
        return attempts;
    }

    /** {@code STAGE/ID} of a download or process call (process names its original by key); null for the others. */
    private static String call(EventDetails.TaskScheduled scheduled) {
        JsonNode parameters = scheduled.parameters();
        String function = parameters.path("FunctionName").asText();
        String stage = function.substring(function.lastIndexOf('-') + 1);
        JsonNode payload = parameters.path("Payload");
        if (payload.has("id")) {
            return stage + "/" + payload.get("id").asInt();
        }
        return payload.has("key") ? stage + "/" + RunLayout.idOfRaw(payload.path("runId").asText(),
                payload.get("key").asText()) : null;
    }

    /** The longest text any event of any of the histories carries. */
    static int largestPayload(List<List<HistoryEvent>> histories) {
        return histories.stream().mapToInt(h -> largestPayload(HistoryJson.toJson(h))).max().orElse(0);
    }

    /** The longest text any event of a history ({@code {"events": [...]}}) carries: an input, output, parameters or cause. */
    static int largestPayload(JsonNode history) {
        int largest = 0;
        for (JsonNode event : history.get("events")) {
            for (JsonNode details : (Iterable<JsonNode>) event::elements) {
                for (JsonNode value : (Iterable<JsonNode>) details::elements) {
                    if (value.isTextual()) {
                        largest = Math.max(largest, value.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
                    }
                }
            }
        }
        return largest;
    }
}
