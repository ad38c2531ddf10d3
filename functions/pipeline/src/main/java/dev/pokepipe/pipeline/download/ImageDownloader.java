package dev.pokepipe.pipeline.download;

import dev.pokepipe.pipeline.exceptions.InvalidImageException;
import dev.pokepipe.pipeline.run.RunLayout;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.transform.InvalidPngException;
import dev.pokepipe.transform.PngDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Downloads one image from the origin into {@code runs/{runId}/raw/} in the run's bucket. Only a
 * structurally sound PNG is stored (every chunk's CRC checked, the header within the pixel cap), so
 * a broken body fails here and nothing broken is kept. Idempotent: when a resumed run already holds
 * a sound original for the id, it is kept and not fetched again; a fresh run has none to look for,
 * and a retried invocation in it stores the image again.
 */
public final class ImageDownloader {

    private final OriginClient origin;
    private final ImageStore store;
    private final PngDecoder decoder;
    private final Clock clock;

    public ImageDownloader(OriginClient origin, ImageStore store, PngDecoder decoder, Clock clock) {
        this.origin = origin;
        this.store = store;
        this.decoder = decoder;
        this.clock = clock;
    }

    /**
     * Validates the event, fetches the image unless a sound copy is already stored, stores it, and
     * reports what it did.
     *
     * @throws InvalidImageException if the origin's body is not a sound PNG within the limits
     */
    public DownloadResult download(DownloadRequest request) {
        String runId = RunLayout.requireRunId(request.runId());
        String bucket = RunLayout.requireBucket(request.bucket());
        int id = RunLayout.requireId(request.id());
        Instant started = clock.instant();
        String key = RunLayout.raw(runId, id);
        byte[] stored = Boolean.TRUE.equals(request.fresh()) ? null
                : store.find(bucket, key, origin.maxBytes()).filter(this::sound).orElse(null);
        if (stored != null) {
            return new DownloadResult(id, key, stored.length, started.toString(),
                    Duration.between(started, clock.instant()).toMillis());
        }
        byte[] png = origin.fetch(id);
        try {
            decoder.verifyStructure(png);
        } catch (InvalidPngException e) {
            throw new InvalidImageException("GET " + origin.urlOf(id) + " returned a broken PNG: " + e.getMessage(), e);
        }
        store.put(bucket, key, png, "image/png");
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        return new DownloadResult(id, key, png.length, started.toString(), durationMs);
    }

    private boolean sound(byte[] png) {
        try {
            decoder.verifyStructure(png);
            return true;
        } catch (InvalidPngException e) {
            return false;
        }
    }
}
