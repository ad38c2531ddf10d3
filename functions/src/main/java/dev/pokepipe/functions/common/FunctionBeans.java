package dev.pokepipe.functions.common;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.functions.download.ImageDownloader;
import dev.pokepipe.functions.download.OriginClient;
import dev.pokepipe.functions.process.ImageProcessor;
import dev.pokepipe.functions.process.ProcessPriming;
import dev.pokepipe.functions.process.transform.ImageTransform;
import dev.pokepipe.functions.process.transform.RowBands;
import dev.pokepipe.functions.process.transform.PngDecoder;
import dev.pokepipe.functions.process.transform.PngEncoder;
import dev.pokepipe.functions.summarize.RunSummarizer;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the functions' collaborators once per container from configuration, so the handlers stay a
 * line each and the plain classes underneath never see Quarkus. Every setting can be overridden with
 * an environment variable, e.g. {@code POKEPIPE_ORIGIN_BASE_URL}.
 */
public class FunctionBeans {

    @Produces
    @Singleton
    S3ClientFactory.Settings s3Settings(@ConfigProperty(name = "pokepipe.s3.endpoint") Optional<URI> endpoint,
                                        @ConfigProperty(name = "pokepipe.s3.region") Optional<String> region,
                                        @ConfigProperty(name = "pokepipe.s3.access-key-id") Optional<String> accessKeyId,
                                        @ConfigProperty(name = "pokepipe.s3.secret-access-key") Optional<String> secretAccessKey) {
        return new S3ClientFactory.Settings(endpoint, region, accessKeyId, secretAccessKey);
    }

    @Produces
    @Singleton
    OfflineSwitch offlineSwitch() {
        return new OfflineSwitch();
    }

    @Produces
    @Singleton
    S3Client s3Client(S3ClientFactory.Settings settings, OfflineSwitch offline) {
        return S3ClientFactory.create(settings, offline);
    }

    @Produces
    @Singleton
    StageOutcomes stageOutcomes(ImageStore store, ObjectMapper json, OfflineSwitch offline) {
        EmfMetrics emf = new EmfMetrics(System.out, json, Clock.systemUTC());
        // Priming's invocations are not the function's work: they publish no figures.
        return new StageOutcomes(store, json, (stage, runId, id, durationMs, bytes) -> {
            if (!offline.isOffline()) {
                emf.invocation(stage, runId, id, durationMs, bytes);
            }
        });
    }

    @Produces
    @Singleton
    ProcessPriming processPriming(OfflineSwitch offline) {
        return new ProcessPriming(offline);
    }

    @Produces
    @Singleton
    ImageStore imageStore(S3Client s3) {
        return new ImageStore(s3);
    }

    @Produces
    @Singleton
    ImageTransform imageTransform(@ConfigProperty(name = "pokepipe.image.max-pixels") long maxPixels,
                                  @ConfigProperty(name = "pokepipe.png.deflate-level") int deflateLevel,
                                  @ConfigProperty(name = "pokepipe.transform.threads") int threads) {
        // A Lambda function with more memory gets more vCPUs; one image's steps then use them all.
        RowBands bands = RowBands.of(threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        return new ImageTransform(new PngDecoder(maxPixels), new PngEncoder(deflateLevel), bands);
    }

    @Produces
    @Singleton
    ImageDownloader imageDownloader(ImageStore store, ImageTransform transform,
                                    @ConfigProperty(name = "pokepipe.origin.base-url") URI baseUrl,
                                    @ConfigProperty(name = "pokepipe.origin.connect-timeout") Duration connectTimeout,
                                    @ConfigProperty(name = "pokepipe.origin.request-timeout") Duration requestTimeout,
                                    @ConfigProperty(name = "pokepipe.image.max-bytes") long maxBytes) {
        OriginClient.Settings settings = new OriginClient.Settings(baseUrl, connectTimeout, requestTimeout, maxBytes);
        return new ImageDownloader(new OriginClient(settings, OriginClient.newHttpClient(settings)), store,
                transform.decoder(), Clock.systemUTC());
    }

    @Produces
    @Singleton
    ImageProcessor imageProcessor(ImageStore store, ImageTransform transform,
                                  @ConfigProperty(name = "pokepipe.image.max-bytes") long maxBytes) {
        return new ImageProcessor(store, transform, maxBytes, Clock.systemUTC());
    }

    @Produces
    @Singleton
    RunSummarizer runSummarizer(ImageStore store, ObjectMapper json) {
        return new RunSummarizer(store, json);
    }
}
