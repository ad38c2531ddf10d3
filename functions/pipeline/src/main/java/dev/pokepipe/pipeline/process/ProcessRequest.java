package dev.pokepipe.pipeline.process;

import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.run.RunLayout;

/**
 * The process function's event: transform the original of image {@code id}, or of the original
 * {@code key} names. The process Map lists {@code runs/{runId}/raw/} and passes each object's key
 * alone; with both, {@code key} must be the run's raw key for {@code id},
 * {@code runs/{runId}/raw/{id:03d}.png}. {@code fresh} true (the prepare step's word that the run is
 * new) skips looking for a stored output first.
 */
public record ProcessRequest(String runId, String bucket, Integer id, String key, Boolean fresh) {

    /** An event that does not say whether the run is fresh: a stored output is looked for. */
    public ProcessRequest(String runId, String bucket, Integer id, String key) {
        this(runId, bucket, id, key, null);
    }

    /**
     * The image this event is about: {@code id}, else the id {@code key} names, else null (the event
     * is then refused by {@link ImageProcessor}).
     */
    public Integer imageId() {
        if (id != null || key == null) {
            return id;
        }
        try {
            return RunLayout.idOfRaw(runId, key);
        } catch (InvalidEventException e) {
            return null;
        }
    }
}
