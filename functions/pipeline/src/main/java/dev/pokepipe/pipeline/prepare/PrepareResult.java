package dev.pokepipe.pipeline.prepare;

/**
 * What the prepare function returns into the state: where the run's ids are and how many, a few dozen
 * bytes at any count.
 *
 * @param idsKey {@code runs/{runId}/ids.json}, the download Map's ItemReader object
 * @param count  how many ids it holds
 */
public record PrepareResult(String runId, String idsKey, int count) {
}
