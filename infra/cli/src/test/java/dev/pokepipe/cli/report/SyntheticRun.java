package dev.pokepipe.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pokepipe.engine.EventDetails;
import dev.pokepipe.engine.EventDetails.StateType;
import dev.pokepipe.engine.HistoryEvent;
import dev.pokepipe.local.RunOutcome;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.summarize.RunSummary;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A finished run of the Distributed Map pipeline written into a run directory without running it,
 * in the layout {@link RunLayout} owns and a run leaves: {@code input.json}, the definition, the
 * parent's history (Map Run events, no per-item event), {@code summary.json},
 * {@code results/{stage}/{id}.json}, each Map Run's ResultWriter files
 * ({@code map-runs/{stage}/{mapRunId}/manifest.json}, {@code SUCCEEDED_0.json}) and a small PNG as
 * every original and processed image. Children run back to back in 40 and 8 slots with seeded
 * durations; every 97th id fails to download and every 211th to process, each caught in its child.
 */
public final class SyntheticRun {

    public static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:Pipeline";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final Path runDir;
    private final String runId;
    private final int count;
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<RunSummary.Failure> failures = new ArrayList<>();

    private SyntheticRun(Path runDir, String runId, int count) {
        this.runDir = runDir;
        this.runId = runId;
        this.count = count;
    }

    /** Writes a run of ids 1..count as run {@code runId} into {@code runDir} and returns its outcome. */
    public static RunOutcome write(Path runDir, String runId, int count) {
        try {
            return new SyntheticRun(runDir, runId, count).write();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's definition: pipeline.asl.json with both Maps DISTRIBUTED. */
    public static JsonNode definition() {
        try (InputStream in = SyntheticRun.class.getResourceAsStream("/fixtures/report/pipeline-distributed.asl.json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean downloadFails(int id) {
        return id % 97 == 0;
    }

    static boolean processFails(int id) {
        return !downloadFails(id) && id % 211 == 0;
    }

    private RunOutcome write() throws IOException {
        Files.createDirectories(runDir.resolve(RunLayout.RAW_FOLDER));
        Files.createDirectories(runDir.resolve(RunLayout.PROCESSED_FOLDER));
        for (String stage : List.of(RunLayout.DOWNLOAD, RunLayout.PROCESS)) {
            Files.createDirectories(runDir.resolve("results").resolve(stage));
        }
        // Built by hand: RunInput.count still caps a run at the inline Map's 1000 ids.
        JsonNode input = MAPPER.createObjectNode().put("count", count);
        Files.writeString(runDir.resolve(RunLayout.INPUT_FILE), input.toString());
        JsonNode definition = definition();
        Files.writeString(runDir.resolve(RunLayout.DEFINITION_FILE), definition.toPrettyString());
        byte[] png = png();

        Random random = new Random(count);
        event(T0, 0, new EventDetails.ExecutionStarted(input.toString(), "arn:aws:iam::123456789012:role/pipeline"));
        long last = state(T0, StateType.CHOICE, "CheckInput", events.size());
        last = state(T0.plusMillis(1), StateType.PASS, "PrepareRange", last);
        Instant at = T0.plusMillis(20);
        List<Integer> downloaded = new ArrayList<>();
        Instant[] slots = new Instant[40];
        List<ObjectNode> downloads = new ArrayList<>();
        for (int id = 1; id <= count; id++) {
            Instant start = earliest(slots, at);
            Duration took = Duration.ofMillis(downloadFails(id) ? 40 : 120 + random.nextInt(80));
            slots[slot(slots, start)] = start.plus(took);
            if (downloadFails(id)) {
                String cause = "GET http://127.0.0.1:8080/" + RunLayout.fileName(id) + " answered 404: no image with id " + id;
                failures.add(new RunSummary.Failure(id, RunLayout.DOWNLOAD,
                        "dev.pokepipe.pipeline.exceptions.ImageNotFoundException", cause));
                result(RunLayout.DOWNLOAD, id, MAPPER.createObjectNode().put("id", id).put("stage", RunLayout.DOWNLOAD)
                        .put("error", "dev.pokepipe.pipeline.exceptions.ImageNotFoundException").put("cause", cause));
                downloads.add(child("DownloadImages", id, start, took, MAPPER.createObjectNode().put("id", id)
                        .put("error", "dev.pokepipe.pipeline.exceptions.ImageNotFoundException")));
            } else {
                downloaded.add(id);
                Files.write(runDir.resolve(RunLayout.RAW_FOLDER).resolve(RunLayout.fileName(id)), png);
                result(RunLayout.DOWNLOAD, id, success(id, RunLayout.raw(runId, id), start, took));
                downloads.add(child("DownloadImages", id, start, took, MAPPER.createObjectNode().put("id", id)
                        .put("bytes", png.length)));
            }
        }
        Instant downloadsEnd = latest(slots);
        last = mapRun("DownloadImages", RunLayout.DOWNLOAD, T0.plusMillis(10), downloadsEnd, downloads, last);
        slots = new Instant[8];
        at = downloadsEnd.plusMillis(20);
        List<ObjectNode> processes = new ArrayList<>();
        for (int id : downloaded) {
            Instant start = earliest(slots, at);
            Duration took = Duration.ofMillis(250 + random.nextInt(150));
            slots[slot(slots, start)] = start.plus(took);
            if (processFails(id)) {
                String cause = "not a PNG: the file ends inside its IDAT chunk";
                failures.add(new RunSummary.Failure(id, RunLayout.PROCESS,
                        "dev.pokepipe.pipeline.exceptions.InvalidImageException", cause));
                processes.add(child("ProcessImages", id, start, took, MAPPER.createObjectNode().put("id", id)
                        .put("error", "dev.pokepipe.pipeline.exceptions.InvalidImageException")));
            } else {
                Files.write(runDir.resolve(RunLayout.PROCESSED_FOLDER).resolve(RunLayout.fileName(id)), png);
                result(RunLayout.PROCESS, id, success(id, RunLayout.processed(runId, id), start, took));
                processes.add(child("ProcessImages", id, start, took, MAPPER.createObjectNode().put("id", id)
                        .put("bytes", png.length)));
            }
        }
        Instant processesEnd = latest(slots);
        last = mapRun("ProcessImages", RunLayout.PROCESS, downloadsEnd.plusMillis(10), processesEnd, processes, last);
        Instant summarized = processesEnd.plusMillis(300);
        last = event(processesEnd.plusMillis(10), last, new EventDetails.StateEntered(StateType.TASK, "Summarize", "{}"));
        last = event(processesEnd.plusMillis(11), last, new EventDetails.TaskScheduled("lambda", "invoke", "eu-west-1",
                MAPPER.createObjectNode().put("FunctionName", "summarize"), null));
        last = event(processesEnd.plusMillis(12), last, new EventDetails.TaskStarted("lambda", "invoke"));
        last = event(summarized, last, new EventDetails.TaskSucceeded("lambda", "invoke", "{}"));
        last = event(summarized, last, new EventDetails.StateExited(StateType.TASK, "Summarize", "{}"));
        event(summarized.plusMillis(1), last, new EventDetails.ExecutionSucceeded("{}"));
        ObjectNode history = MAPPER.createObjectNode();
        history.putArray("events").addAll(events);
        Files.writeString(runDir.resolve(RunLayout.HISTORY_FILE), history.toString());

        int processed = downloaded.size() - (int) downloaded.stream().filter(SyntheticRun::processFails).count();
        double total = Duration.between(T0, processesEnd).toNanos() / 1e9;
        RunSummary summary = new RunSummary(runId, count, downloaded.size(), processed, count - processed, failures,
                new RunSummary.PhaseStats(downloaded.size(), Duration.between(T0, downloadsEnd).toNanos() / 1e9, 0, 160, 195),
                new RunSummary.PhaseStats(processed, Duration.between(downloadsEnd, processesEnd).toNanos() / 1e9, 0, 320, 390),
                total, processed / total, T0.toString(), processesEnd.toString(), RunLayout.summary(runId));
        Files.write(runDir.resolve(RunLayout.SUMMARY_FILE), MAPPER.writeValueAsBytes(summary));
        return new RunOutcome(runId, RunOutcome.SUCCEEDED, null, null, definition, history, summary,
                Map.of(), runDir, "Synthesized for a test.", null);
    }

    /** The parent's events of one Distributed Map, and its ResultWriter files. */
    private long mapRun(String state, String stage, Instant from, Instant to, List<ObjectNode> children, long last)
            throws IOException {
        String mapRunId = UUID.nameUUIDFromBytes((runId + state).getBytes()).toString();
        String arn = STATE_MACHINE.replace(":stateMachine:", ":mapRun:") + "/" + state + ":" + mapRunId;
        last = event(from, last, new EventDetails.StateEntered(StateType.MAP, state, "{}"));
        last = event(from, last, new EventDetails.MapStateStarted(0));
        last = event(from, last, new EventDetails.MapRunStarted(arn));
        last = event(to, last, new EventDetails.MapRunSucceeded());
        last = event(to, last, new EventDetails.MapStateSucceeded());
        last = event(to, last, new EventDetails.StateExited(StateType.MAP, state, "{}"));
        Path folder = runDir.resolve("map-runs").resolve(stage).resolve(mapRunId);
        Files.createDirectories(folder);
        ArrayNode records = MAPPER.createArrayNode().addAll(children);
        byte[] succeeded = MAPPER.writeValueAsBytes(records);
        Files.write(folder.resolve("SUCCEEDED_0.json"), succeeded);
        String prefix = RunLayout.prefix(runId) + "map-runs/" + stage + "/" + mapRunId + "/";
        ObjectNode manifest = MAPPER.createObjectNode().put("DestinationBucket", "pokepipe").put("MapRunArn", arn);
        ObjectNode files = manifest.putObject("ResultFiles");
        files.putArray("FAILED");
        files.putArray("PENDING");
        files.putArray("SUCCEEDED").addObject().put("Key", prefix + "SUCCEEDED_0.json").put("Size", succeeded.length);
        Files.write(folder.resolve("manifest.json"), MAPPER.writeValueAsBytes(manifest));
        return last;
    }

    private ObjectNode child(String state, int id, Instant start, Duration took, ObjectNode output) {
        ObjectNode input = MAPPER.createObjectNode().put("runId", runId).put("bucket", "pokepipe").put("id", id);
        ObjectNode c = MAPPER.createObjectNode();
        c.put("ExecutionArn", STATE_MACHINE.replace(":stateMachine:", ":execution:") + "/" + state + ":"
                + UUID.nameUUIDFromBytes((runId + state + id).getBytes()));
        c.put("Input", input.toString());
        c.putObject("InputDetails").put("Included", true);
        c.put("Output", output.toString());
        c.putObject("OutputDetails").put("Included", true);
        c.put("RedriveCount", 0);
        c.put("StartDate", start.toString());
        c.put("StateMachineArn", STATE_MACHINE + "/" + state);
        c.put("Status", "SUCCEEDED");
        c.put("StopDate", start.plus(took).toString());
        return c;
    }

    private ObjectNode success(int id, String key, Instant start, Duration took) {
        return MAPPER.createObjectNode().put("id", id).put("key", key).put("bytes", 900).put("startedAt", start.toString())
                .put("durationMs", took.toMillis());
    }

    private void result(String stage, int id, ObjectNode record) throws IOException {
        Files.writeString(runDir.resolve("results").resolve(stage).resolve(String.format("%03d.json", id)), record.toString());
    }

    private long state(Instant at, StateType type, String name, long last) {
        last = event(at, last, new EventDetails.StateEntered(type, name, "{}"));
        return event(at, last, new EventDetails.StateExited(type, name, "{}"));
    }

    private long event(Instant at, long previous, EventDetails details) {
        long id = events.size() + 1;
        events.add(new HistoryEvent(id, at, previous, details).toJson());
        return id;
    }

    private static int slot(Instant[] slots, Instant start) {
        for (int k = 0; k < slots.length; k++) {
            if (slots[k] == null || !slots[k].isAfter(start)) {
                return k;
            }
        }
        throw new IllegalStateException("no free slot at " + start);
    }

    private static Instant earliest(Instant[] slots, Instant notBefore) {
        Instant earliest = null;
        for (Instant s : slots) {
            Instant free = s == null || s.isBefore(notBefore) ? notBefore : s;
            earliest = earliest == null || free.isBefore(earliest) ? free : earliest;
        }
        return earliest;
    }

    private static Instant latest(Instant[] slots) {
        Instant latest = T0;
        for (Instant s : slots) {
            latest = s != null && s.isAfter(latest) ? s : latest;
        }
        return latest;
    }

    /** A 120×120 PNG of a few hundred bytes, so thousands of images stay small on disk. */
    private static byte[] png() throws IOException {
        BufferedImage image = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x54aeff));
        g.fillOval(20, 20, 80, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
