package dev.pokepipe.pipeline.process;

/**
 * The process function's event: transform the original of image {@code id}. {@code key} is
 * optional; when given it must be the run's raw key for the id, {@code runs/{runId}/raw/{id:03d}.png}.
 */
public record ProcessRequest(String runId, String bucket, Integer id, String key) {
}
