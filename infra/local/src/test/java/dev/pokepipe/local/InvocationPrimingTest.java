package dev.pokepipe.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.engine.TaskHandler;
import dev.pokepipe.local.storage.EmbeddedStorage;
import dev.pokepipe.pipeline.Pipeline;
import dev.pokepipe.pipeline.PipelineSettings;
import dev.pokepipe.pipeline.outcome.StageOutcomes;
import dev.pokepipe.pipeline.process.ProcessRequest;
import dev.pokepipe.pipeline.store.S3ClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The priming's whole invocations, through the real process function, S3 client and embedded server. */
class InvocationPrimingTest {

    @TempDir
    Path dataDir;

    private final List<JsonNode> results = new CopyOnWriteArrayList<>();

    @Test
    void eachInvocationReadsTheOriginalAndWritesItsOutputInABucketRemovedAfterwards() throws Exception {
        try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            storage.ensureBucket(LocalPipeline.BUCKET);
            Path leftOver = Files.createDirectories(dataDir.resolve(InvocationPriming.BUCKET).resolve("runs/old"));

            int done = new InvocationPriming(storage, s3, processFunction(s3)).run(3, () -> false);

            assertThat(done).isEqualTo(3);
            assertThat(results).hasSize(3).allSatisfy(result -> {
                assertThat(result.path("key").asText()).isEqualTo("runs/priming/processed/001.png");
                assertThat(result.path("bytes").asLong()).as("a transformed PNG was written").isGreaterThan(1000);
            });
            assertThat(leftOver).as("what a killed priming left is gone").doesNotExist();
            assertThat(dataDir.resolve(InvocationPriming.BUCKET)).doesNotExist();
            try (var runs = Files.list(dataDir.resolve(LocalPipeline.BUCKET))) {
                assertThat(runs).as("the runs' bucket is untouched").isEmpty();
            }
        }
    }

    @Test
    void itEndsAfterTheInvocationInProgressOnceStopped() throws Exception {
        try (EmbeddedStorage storage = EmbeddedStorage.start(dataDir, 0);
             S3Client s3 = S3ClientFactory.create(storage.clientSettings())) {
            int done = new InvocationPriming(storage, s3, processFunction(s3)).run(40, () -> !results.isEmpty());

            assertThat(done).isEqualTo(1);
            assertThat(dataDir.resolve(InvocationPriming.BUCKET)).doesNotExist();
        }
    }

    /** The process function as the local engine calls it, recording each result it returns. */
    private TaskHandler processFunction(S3Client s3) {
        ObjectMapper mapper = new ObjectMapper();
        PipelineSettings settings = PipelineSettings.defaults().withTransformThreads(1);
        Pipeline pipeline = Pipeline.create(settings, new Pipeline.Parts(s3, mapper, settings.newTransform(),
                HttpClient.newHttpClient(), StageOutcomes.Metrics.NONE, Clock.systemUTC()));
        return event -> {
            JsonNode result = mapper.valueToTree(pipeline.process(mapper.treeToValue(event, ProcessRequest.class)));
            results.add(result);
            return result;
        };
    }
}
