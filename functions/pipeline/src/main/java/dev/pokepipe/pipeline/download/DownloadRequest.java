package dev.pokepipe.pipeline.download;

/**
 * The download function's event: fetch image {@code id} for run {@code runId} into {@code bucket}.
 * There is deliberately no URL here: the origin comes from configuration only.
 */
public record DownloadRequest(String runId, String bucket, Integer id) {
}
