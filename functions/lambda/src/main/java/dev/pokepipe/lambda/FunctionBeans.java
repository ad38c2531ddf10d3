package dev.pokepipe.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.lambda.priming.OfflineSwitch;
import dev.pokepipe.lambda.priming.ProcessPriming;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.pipeline.download.OriginClient;
import dev.pokepipe.pipeline.outcome.StageOutcomes;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Clock;

/**
 * Builds the functions' collaborators once per container from {@link PipelineConfig}, so the handlers
 * stay a line each and the plain classes underneath never see Quarkus.
 */
public class FunctionBeans {

    @Produces
    @Singleton
    OfflineSwitch offlineSwitch() {
        return new OfflineSwitch();
    }

    @Produces
    @Singleton
    S3Client s3Client(PipelineConfig config, OfflineSwitch offline) {
        return S3ClientFactory.create(config.s3Settings(), offline);
    }

    @Produces
    @Singleton
    ProcessPriming processPriming(OfflineSwitch offline) {
        return new ProcessPriming(offline);
    }

    @Produces
    @Singleton
    Pipeline pipeline(PipelineConfig config, S3Client s3, ObjectMapper json, OfflineSwitch offline) {
        PipelineSettings settings = config.settings();
        EmfMetrics emf = new EmfMetrics(System.out, json, Clock.systemUTC());
        // Priming's invocations are not the function's work: they publish no figures.
        StageOutcomes.Metrics metrics = (stage, runId, id, durationMs, bytes) -> {
            if (!offline.isOffline()) {
                emf.invocation(stage, runId, id, durationMs, bytes);
            }
        };
        return Pipeline.create(settings, new Pipeline.Parts(s3, json, settings.newTransform(),
                OriginClient.newHttpClient(settings.origin()), metrics, Clock.systemUTC()));
    }
}
