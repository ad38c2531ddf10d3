package dev.pokepipe.pipeline.run;

import dev.pokepipe.pipeline.exceptions.InvalidEventException;

import java.util.regex.Pattern;

/**
 * The S3 key layout of a run: every object of run {@code R} lives under {@code runs/R/}, and every
 * name under it is spelled here; a run copied to a machine keeps the same names in its directory.
 * The ids and run ids that go into keys and URLs are validated here, so no event can steer a key or
 * a URL elsewhere.
 */
public final class RunLayout {

    /** The download stage's name in {@code runs/{runId}/results/}, logs and metrics. */
    public static final String DOWNLOAD = "download";
    /** The process stage's name in {@code runs/{runId}/results/}, logs and metrics; also the process function's handler name. */
    public static final String PROCESS = "process";

    /** The summarize step's output, {@code runs/{runId}/summary.json}. */
    public static final String SUMMARY_FILE = "summary.json";
    /** The execution input a run was started with, kept so it can be resumed with the same ids. */
    public static final String INPUT_FILE = "input.json";
    /** The definition the execution ran, kept for the run's report. */
    public static final String DEFINITION_FILE = "definition.asl.json";
    /** The execution's history, {@code {"events": [...]}} as {@code GetExecutionHistory} returns it. */
    public static final String HISTORY_FILE = "history.json";
    /** The run's HTML report. */
    public static final String REPORT_FILE = "report.html";
    /** The sequential run's summary that {@code pokepipe bench} puts beside the defined run's files. */
    public static final String BASELINE_FILE = "baseline.json";
    /** The folder of the downloaded originals. */
    public static final String RAW_FOLDER = "raw/";
    /** The folder of the transformed images. */
    public static final String PROCESSED_FOLDER = "processed/";
    /** The run's ids as a JSON array, written by the prepare step and read by the download Map. */
    public static final String IDS_FILE = "ids.json";
    /** The folder the Distributed Maps' ResultWriters write under, one subfolder per Map. */
    public static final String MAPS_FOLDER = "maps/";

    /**
     * Ids are 1..100000, as many as a run takes: the origin names files with at least three digits,
     * {@code 001.png}, so the largest is {@code 100000.png}.
     */
    public static final int MAX_ID = 100_000;

    // Step Functions execution names allow more, but these are the characters that are safe in keys and paths.
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

    private RunLayout() {
    }

    /** {@code runs/{runId}/raw/{id:03d}.png}: the downloaded original. */
    public static String raw(String runId, int id) {
        return prefix(runId) + RAW_FOLDER + fileName(id);
    }

    /** {@code runs/{runId}/processed/{id:03d}.png}: the transformed image. */
    public static String processed(String runId, int id) {
        return prefix(runId) + PROCESSED_FOLDER + fileName(id);
    }

    /**
     * {@code runs/{runId}/results/{stage}/{id:03d}.json}: what one stage did with one id, its result or
     * its failure with the reason, so no state of the execution has to carry per-id details.
     */
    public static String result(String runId, String stage, int id) {
        return prefix(runId) + "results/" + stage + "/" + String.format("%03d.json", requireId(id));
    }

    /** {@code runs/{runId}/summary.json}. */
    public static String summary(String runId) {
        return prefix(runId) + SUMMARY_FILE;
    }

    /** {@code runs/{runId}/input.json}. */
    public static String input(String runId) {
        return prefix(runId) + INPUT_FILE;
    }

    /** {@code runs/{runId}/definition.asl.json}. */
    public static String definition(String runId) {
        return prefix(runId) + DEFINITION_FILE;
    }

    /** {@code runs/{runId}/history.json}. */
    public static String history(String runId) {
        return prefix(runId) + HISTORY_FILE;
    }

    /** {@code runs/{runId}/ids.json}: the ids the run asked for, the download Map's items. */
    public static String ids(String runId) {
        return prefix(runId) + IDS_FILE;
    }

    /** {@code runs/{runId}/raw/}: the prefix the process Map lists its items from. */
    public static String rawFolder(String runId) {
        return prefix(runId) + RAW_FOLDER;
    }

    /**
     * {@code runs/{runId}/maps/{stage}}: the ResultWriter prefix of a stage's Distributed Map; each
     * Map Run writes {@code manifest.json} and its results files under {@code {prefix}/{mapRunId}/}.
     */
    public static String mapResults(String runId, String stage) {
        return prefix(runId) + MAPS_FOLDER + stage;
    }

    /**
     * The id whose original {@code key} is, the inverse of {@link #raw}.
     *
     * @throws InvalidEventException if {@code key} is not a raw key of this run
     */
    public static int idOfRaw(String runId, String key) {
        String folder = rawFolder(runId);
        if (key == null || !key.startsWith(folder) || !key.endsWith(".png")) {
            throw new InvalidEventException("key must be an original of run " + runId + ", " + folder
                    + "{id:03d}.png; got " + key);
        }
        String digits = key.substring(folder.length(), key.length() - ".png".length());
        if (!digits.matches("[0-9]{3,6}")) {
            throw new InvalidEventException("key must name an id, " + folder + "{id:03d}.png; got " + key);
        }
        int id = requireId(Integer.parseInt(digits));
        if (!raw(runId, id).equals(key)) {
            throw new InvalidEventException("key must be " + raw(runId, id) + " for id " + id + "; got " + key);
        }
        return id;
    }

    /** {@code runs/{runId}/}. */
    public static String prefix(String runId) {
        return "runs/" + requireRunId(runId) + "/";
    }

    /** {@code {id:03d}.png}, the origin's and the bucket's file name for an id. */
    public static String fileName(int id) {
        return String.format("%03d.png", requireId(id));
    }

    /**
     * Returns {@code runId} if it is 1–80 letters, digits, {@code _ . -}, starting with a letter or digit.
     *
     * @throws InvalidEventException otherwise
     */
    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new InvalidEventException("runId must be 1-80 letters, digits, '_', '.' or '-', starting with a"
                    + " letter or digit; got " + (runId == null ? "nothing" : "'" + runId + "'"));
        }
        return runId;
    }

    /**
     * Returns {@code id} if it is within 1..{@value #MAX_ID}.
     *
     * @throws InvalidEventException otherwise
     */
    public static int requireId(Integer id) {
        if (id == null || id < 1 || id > MAX_ID) {
            throw new InvalidEventException("id must be an integer from 1 to " + MAX_ID + "; got " + id);
        }
        return id;
    }

    /**
     * Returns {@code bucket} if it is non-blank.
     *
     * @throws InvalidEventException otherwise
     */
    public static String requireBucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            throw new InvalidEventException("bucket is missing");
        }
        return bucket;
    }
}
