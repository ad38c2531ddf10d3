package dev.pokepipe.pipeline.download;

/**
 * The download function's event: fetch image {@code id} for run {@code runId} into {@code bucket}.
 * There is deliberately no URL here: the origin comes from configuration only. {@code fresh} true
 * (the prepare step's word that the run is new) skips looking for a stored copy first.
 */
public record DownloadRequest(String runId, String bucket, Integer id, Boolean fresh) {

    /** An event that does not say whether the run is fresh: a stored copy is looked for. */
    public DownloadRequest(String runId, String bucket, Integer id) {
        this(runId, bucket, id, null);
    }
}
