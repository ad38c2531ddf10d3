package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.pokepipe.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ResultWriterFiles against the embedded S3 server: parts cut at the size limit, and the manifest naming them. */
class ResultWriterFilesTest {

    @RegisterExtension
    static final EmbeddedS3 S3 = new EmbeddedS3();
    private static ObjectStore store;

    @BeforeAll
    static void bucket() {
        S3.createBucket("results");
        store = new S3ObjectStore(S3.client());
    }

    private static JsonNode object(String key) throws Exception {
        return Json.parse(S3.client().getObjectAsBytes(b -> b.bucket("results").key(key)).asUtf8String());
    }

    @Test
    void recordsArePutInPartsNoLargerThanTheLimitAndTheManifestListsThem() throws Exception {
        ResultWriterFiles files = new ResultWriterFiles(store, json("{\"Bucket\":\"results\",\"Prefix\":\"p\"}"),
                "run-1", "arn:run-1", 64);
        for (int i = 0; i < 10; i++) {
            files.add(ResultWriterFiles.Status.SUCCEEDED, json("{\"i\":" + i + ",\"pad\":\"0123456789\"}"));
        }
        files.add(ResultWriterFiles.Status.FAILED, json("{\"Error\":\"E\"}"));
        JsonNode details = files.finish();

        assertThat(details).isEqualTo(json("{\"Bucket\":\"results\",\"Key\":\"p/run-1/manifest.json\"}"));
        JsonNode manifest = object("p/run-1/manifest.json");
        assertThat(manifest.get("DestinationBucket").asText()).isEqualTo("results");
        assertThat(manifest.get("MapRunArn").asText()).isEqualTo("arn:run-1");
        JsonNode succeeded = manifest.get("ResultFiles").get("SUCCEEDED");
        assertThat(succeeded.size()).isGreaterThan(1);
        int seen = 0;
        for (int part = 0; part < succeeded.size(); part++) {
            JsonNode file = succeeded.get(part);
            assertThat(file.get("Key").asText()).isEqualTo("p/run-1/SUCCEEDED_" + part + ".json");
            assertThat(file.get("Size").asInt()).isLessThanOrEqualTo(64);
            for (JsonNode record : object(file.get("Key").asText())) {
                assertThat(record.get("i").asInt()).isEqualTo(seen++);
            }
        }
        assertThat(seen).isEqualTo(10);
        assertThat(manifest.get("ResultFiles").get("FAILED").get(0).get("Key").asText())
                .isEqualTo("p/run-1/FAILED_0.json");
        assertThat(manifest.get("ResultFiles").get("PENDING")).isEmpty();
    }

    @Test
    void aRecordLargerThanAPartGetsAPartOfItsOwn() throws Exception {
        ResultWriterFiles files = new ResultWriterFiles(store, json("{\"Bucket\":\"results\"}"), "run-2", "arn", 8);
        files.add(ResultWriterFiles.Status.SUCCEEDED, json("{\"big\":\"0123456789\"}"));
        files.add(ResultWriterFiles.Status.SUCCEEDED, json("{\"big\":\"abcdefghij\"}"));
        files.finish();
        assertThat(object("run-2/manifest.json").get("ResultFiles").get("SUCCEEDED")).hasSize(2);
        assertThat(object("run-2/SUCCEEDED_1.json")).isEqualTo(json("[{\"big\":\"abcdefghij\"}]"));
    }

    @Test
    void aMissingBucketFailsAsAResultWriterFailure() {
        ResultWriterFiles files = new ResultWriterFiles(store, json("{\"Bucket\":\"no-such-bucket\"}"), "r", "arn", 64);
        files.add(ResultWriterFiles.Status.SUCCEEDED, json("1"));
        assertThatThrownBy(files::finish).isInstanceOf(StatesError.class)
                .hasMessageContaining(StatesError.RESULT_WRITER_FAILED);
        assertThatThrownBy(() -> new ResultWriterFiles(store, json("{\"Prefix\":\"x\"}"), "r", "arn", 64))
                .hasMessageContaining("Bucket must be a string");
    }
}
