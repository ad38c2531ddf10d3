package dev.pokepipe.pipeline.prepare;

import dev.pokepipe.pipeline.run.RunLayout;

/**
 * What the prepare function returns into the state: how many ids, where they are, and where the
 * Maps read and write, a few hundred bytes at any count. The definition takes every key and prefix
 * from here, so {@link RunLayout} stays the one owner of the names under {@code runs/{runId}/}.
 *
 * @param idsKey                {@code runs/{runId}/ids.json}, the download Map's ItemReader object
 * @param rawPrefix             {@code runs/{runId}/raw/}, which the process Map lists for its items
 * @param downloadResultsPrefix the download Map's ResultWriter prefix
 * @param processResultsPrefix  the process Map's ResultWriter prefix
 * @param fresh                 whether the run is prepared for the first time: then no image of it can be
 *                              stored yet, and the functions need not look for one
 */
public record PrepareResult(String runId, int count, String idsKey, String rawPrefix, String downloadResultsPrefix,
                            String processResultsPrefix, boolean fresh) {

    /** The result for {@code count} ids of run {@code runId}, every name from {@link RunLayout}. */
    public static PrepareResult of(String runId, int count, boolean fresh) {
        return new PrepareResult(runId, count, RunLayout.ids(runId), RunLayout.rawFolder(runId),
                RunLayout.mapResults(runId, RunLayout.DOWNLOAD), RunLayout.mapResults(runId, RunLayout.PROCESS), fresh);
    }
}
