package dev.pokepipe.functions.download;

import dev.pokepipe.functions.common.ImageStore;
import dev.pokepipe.functions.common.RunKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Downloads one image from the origin into {@code runs/{runId}/raw/} in the run's bucket. */
public final class ImageDownloader {

    private final OriginClient origin;
    private final ImageStore store;
    private final Clock clock;

    public ImageDownloader(OriginClient origin, ImageStore store, Clock clock) {
        this.origin = origin;
        this.store = store;
        this.clock = clock;
    }

    /** Validates the event, fetches the image, stores it, and reports what it did. */
    public DownloadResult download(DownloadRequest request) {
        String runId = RunKeys.requireRunId(request.runId());
        String bucket = RunKeys.requireBucket(request.bucket());
        int id = RunKeys.requireId(request.id());
        Instant started = clock.instant();
        byte[] png = origin.fetch(id);
        String key = RunKeys.raw(runId, id);
        store.put(bucket, key, png, "image/png");
        long durationMs = Duration.between(started, clock.instant()).toMillis();
        return new DownloadResult(id, key, png.length, started.toString(), durationMs);
    }
}
