package dev.pokepipe.functions.process;

/** The process function's event: transform the original of image {@code id}, stored at {@code key}. */
public record ProcessRequest(String runId, String bucket, Integer id, String key) {
}
