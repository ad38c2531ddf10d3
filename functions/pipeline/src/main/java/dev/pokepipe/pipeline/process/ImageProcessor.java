package dev.pokepipe.pipeline.process;

import dev.pokepipe.pipeline.exceptions.ImageTooLargeException;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.transform.ImageTooLargeForMemoryException;
import dev.pokepipe.transform.ImageTransform;
import dev.pokepipe.transform.InvalidPngException;
import dev.pokepipe.transform.PngHeader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Transforms one downloaded image: reads {@code runs/{runId}/raw/{id}.png}, runs the study's
 * transform, writes {@code runs/{runId}/processed/{id}.png}. Idempotent: a processed image that is
 * already stored and decodes is kept, so a resumed run redoes nothing; in a fresh run there is none
 * to look for, and a retried invocation writes the same bytes again.
 */
public final class ImageProcessor {

    private final ImageStore store;
    private final ImageTransform transform;
    private final long maxInputBytes;
    private final Clock clock;

    public ImageProcessor(ImageStore store, ImageTransform transform, long maxInputBytes, Clock clock) {
        this.store = store;
        this.transform = transform;
        this.maxInputBytes = maxInputBytes;
        this.clock = clock;
    }

    /**
     * Validates the event, transforms the image and reports what it did.
     *
     * @throws InvalidEventException if a field is missing, {@code key} is not a raw key of this run, or
     *                               both are given and {@code key} is not the raw key for {@code id}
     * @throws dev.pokepipe.pipeline.exceptions.InvalidImageException if the object is not a PNG the
     *         decoder accepts, including one whose header declares more pixels than allowed
     * @throws ImageTooLargeException if the image needs more memory than this process's transform budget
     */
    public ProcessResult process(ProcessRequest request) {
        String runId = RunLayout.requireRunId(request.runId());
        String bucket = RunLayout.requireBucket(request.bucket());
        int id = request.id() == null && request.key() != null ? RunLayout.idOfRaw(runId, request.key())
                : RunLayout.requireId(request.id());
        String expectedKey = RunLayout.raw(runId, id);
        if (request.key() != null && !expectedKey.equals(request.key())) {
            throw new InvalidEventException("key must be " + expectedKey + " for run " + runId + " and id " + id
                    + "; got " + request.key());
        }
        Instant started = clock.instant();
        String key = RunLayout.processed(runId, id);
        ImageTransform.Result result = Boolean.TRUE.equals(request.fresh()) ? null
                : store.find(bucket, key, maxInputBytes).flatMap(this::decoded).orElse(null);
        if (result == null) {
            byte[] original = store.get(bucket, expectedKey, maxInputBytes);
            try {
                result = transform.transform(original);
            } catch (InvalidPngException e) {
                throw new InvalidImageException(e.getMessage(), e);
            } catch (ImageTooLargeForMemoryException e) {
                throw new ImageTooLargeException(e.getMessage(), e);
            }
            store.put(bucket, key, result.png(), "image/png");
        }
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        return new ProcessResult(id, key, result.png().length, result.width(), result.height(), started.toString(),
                durationMs);
    }

    /** An already stored output, if it decodes; checked a row at a time, so a large one needs no image-sized array. */
    private Optional<ImageTransform.Result> decoded(byte[] png) {
        try {
            PngHeader header = transform.decoder().check(png);
            return Optional.of(new ImageTransform.Result(png, header.width(), header.height()));
        } catch (InvalidPngException e) {
            return Optional.empty();
        }
    }
}
