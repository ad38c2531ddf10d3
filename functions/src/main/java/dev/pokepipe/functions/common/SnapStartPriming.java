package dev.pokepipe.functions.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.download.DownloadRequest;
import dev.pokepipe.functions.process.ProcessRequest;
import dev.pokepipe.functions.process.ProcessResult;
import dev.pokepipe.functions.process.transform.ImageTransform;
import dev.pokepipe.functions.process.transform.PngEncoder;
import dev.pokepipe.functions.process.transform.RgbImage;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Primes a function before SnapStart takes its snapshot: the transform runs on a generated image
 * until its loops are compiled, the events and results go through JSON once, and the S3 client
 * resolves an object URL, all without any network call. A restored container then starts with the
 * code loaded and compiled instead of paying for it on its first image.
 */
@Startup
@Singleton
public class SnapStartPriming implements Resource {

    static final int ROUNDS = 100;

    private final ImageTransform transform;
    private final S3Client s3;
    private final ObjectMapper json;
    private final boolean onStart;

    @Inject
    public SnapStartPriming(ImageTransform transform, S3Client s3, ObjectMapper json,
                            @ConfigProperty(name = "pokepipe.priming.on-start", defaultValue = "false") boolean onStart) {
        this.transform = transform;
        this.s3 = s3;
        this.json = json;
        this.onStart = onStart;
    }

    /** Registers for SnapStart's checkpoint; with {@code pokepipe.priming.on-start} also primes now, to measure the effect. */
    @PostConstruct
    void register() {
        Core.getGlobalContext().register(this);
        if (onStart) {
            prime();
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: the S3 client's connections are made per request by the URL connection client.
    }

    /** Does the priming; returns the number of bytes of the last transformed image, so the work cannot be skipped. */
    public int prime() {
        int bytes = primeTransform(transform);
        try {
            json.readValue("{\"runId\":\"priming\",\"bucket\":\"b\",\"id\":1}", DownloadRequest.class);
            json.readValue("{\"runId\":\"priming\",\"bucket\":\"b\",\"id\":1}", ProcessRequest.class);
            json.writeValueAsString(new ProcessResult(1, RunKeys.processed("priming", 1), bytes, 1, 1,
                    "2026-01-01T00:00:00Z", 0));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("priming could not map the function's own events", e);
        }
        s3.utilities().getUrl(b -> b.bucket("pokepipe-priming").key(RunKeys.raw("priming", 1)));
        return bytes;
    }

    /**
     * Runs {@code transform} on a small generated image until its loops are compiled; returns the last
     * output's size. Local runs call it before their first invocation, as a restored snapshot has it done.
     */
    public static int primeTransform(ImageTransform transform) {
        byte[] png = new PngEncoder().encode(sample());
        int bytes = 0;
        for (int i = 0; i < ROUNDS; i++) {
            bytes = transform.transform(png).png().length;
        }
        return bytes;
    }

    /** A 160×160 image with gradients and edges, enough for every branch of the steps. */
    private static RgbImage sample() {
        RgbImage image = RgbImage.blank(160, 160);
        byte[] px = image.pixels();
        for (int y = 0; y < 160; y++) {
            for (int x = 0; x < 160; x++) {
                int i = (y * 160 + x) * 3;
                boolean inside = (x - 80) * (x - 80) + (y - 80) * (y - 80) < 50 * 50;
                px[i] = (byte) (inside ? 200 : x);
                px[i + 1] = (byte) (inside ? y : 30);
                px[i + 2] = (byte) ((x * y) & 0xff);
            }
        }
        return image;
    }
}
