package dev.pokepipe.functions.download;

import dev.pokepipe.functions.common.ImageStore;
import dev.pokepipe.functions.common.InvalidImageException;
import dev.pokepipe.functions.common.RunKeys;
import dev.pokepipe.functions.process.transform.PngDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Downloads one image from the origin into {@code runs/{runId}/raw/} in the run's bucket. Only a
 * structurally sound PNG is stored (every chunk's CRC checked, the header within the pixel cap), so
 * a broken body fails here and nothing broken is kept. Idempotent: when the run already holds a sound
 * original for the id, as after an interrupted run or a retried invocation, it is kept and not
 * fetched again.
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
        String runId = RunKeys.requireRunId(request.runId());
        String bucket = RunKeys.requireBucket(request.bucket());
        int id = RunKeys.requireId(request.id());
        Instant started = clock.instant();
        String key = RunKeys.raw(runId, id);
        byte[] stored = store.find(bucket, key, origin.maxBytes()).filter(this::sound).orElse(null);
        if (stored != null) {
            return new DownloadResult(id, key, stored.length, started.toString(),
                    Duration.between(started, clock.instant()).toMillis());
        }
        byte[] png = origin.fetch(id);
        try {
            decoder.verifyStructure(png);
        } catch (InvalidImageException e) {
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
        } catch (InvalidImageException e) {
            return false;
        }
    }
}
