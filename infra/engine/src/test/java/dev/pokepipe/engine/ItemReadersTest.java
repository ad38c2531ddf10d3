package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.ArrayList;
import java.util.List;

import static dev.pokepipe.engine.EngineFixture.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ItemReaders against the embedded S3 server: what each reader yields, and how a bad object fails. */
class ItemReadersTest {

    @RegisterExtension
    static final EmbeddedS3 S3 = new EmbeddedS3();
    private static ObjectStore store;

    @BeforeAll
    static void bucket() {
        S3.createBucket("items");
        store = new S3ObjectStore(S3.client());
    }

    private static void put(String key, String content) {
        S3.client().putObject(b -> b.bucket("items").key(key), RequestBody.fromString(content));
    }

    private static List<JsonNode> read(String resource, String inputType, int maxItems, String parameters) {
        DistributedConfig.ItemReader reader = new DistributedConfig.ItemReader(resource, null, inputType, maxItems);
        List<JsonNode> out = new ArrayList<>();
        try (ItemSource items = ItemReaders.open(reader, json(parameters), store)) {
            items.forEachRemaining(out::add);
        }
        return out;
    }

    private static List<JsonNode> getObject(String inputType, String key) {
        return read(DistributedConfig.ItemReader.GET_OBJECT, inputType, 0, "{\"Bucket\":\"items\",\"Key\":\"" + key + "\"}");
    }

    @Test
    void aJsonArrayGivesEachElementWhateverItsType() {
        put("a.json", " [ {\"a\":[1,{\"b\":2}]}, 3, \"x\", null, [] ] ");
        assertThat(getObject("JSON", "a.json")).containsExactly(json("{\"a\":[1,{\"b\":2}]}"), json("3"),
                json("\"x\""), json("null"), json("[]"));
    }

    @Test
    void jsonLinesSkipBlankLinesAndMaxItemsStopsEarly() {
        put("l.jsonl", "{\"n\":1}\n\n{\"n\":2}\r\n{\"n\":3}\n{\"n\":4}");
        assertThat(getObject("JSONL", "l.jsonl")).hasSize(4);
        assertThat(read(DistributedConfig.ItemReader.GET_OBJECT, "JSONL", 2,
                "{\"Bucket\":\"items\",\"Key\":\"l.jsonl\"}")).containsExactly(json("{\"n\":1}"), json("{\"n\":2}"));
    }

    @Test
    void anObjectThatIsNotAnArrayFailsTheReader() {
        put("o.json", "{\"items\":[]}");
        assertThatThrownBy(() -> getObject("JSON", "o.json")).isInstanceOf(StatesError.class)
                .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.ITEM_READER_FAILED);
    }

    @Test
    void aTruncatedArrayFailsTheReaderOnceReadThatFar() {
        put("t.json", "[1, 2, {\"a\":");
        assertThatThrownBy(() -> getObject("JSON", "t.json")).isInstanceOf(StatesError.class)
                .hasMessageContaining(StatesError.ITEM_READER_FAILED);
    }

    @Test
    void aBadLineFailsTheReaderNamingTheLine() {
        put("b.jsonl", "{\"n\":1}\nnot json\n");
        assertThatThrownBy(() -> getObject("JSONL", "b.jsonl")).isInstanceOf(StatesError.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void aMissingObjectFailsTheReader() {
        assertThatThrownBy(() -> getObject("JSON", "nope.json")).isInstanceOf(StatesError.class)
                .hasMessageContaining(StatesError.ITEM_READER_FAILED).hasMessageContaining("s3://items/nope.json");
    }

    @Test
    void aListingGoesOnPastOnePageInKeyOrder() {
        // 1,000 keys is S3's page size, so 1,003 needs a second ListObjectsV2 call.
        for (int i = 0; i < 1003; i++) {
            put(String.format("many/%05d", i), "x".repeat(i % 7));
        }
        List<JsonNode> items = read(DistributedConfig.ItemReader.LIST_OBJECTS, null, 0,
                "{\"Bucket\":\"items\",\"Prefix\":\"many/\"}");
        assertThat(items).hasSize(1003);
        assertThat(items.get(1002).get("Key").asText()).isEqualTo("many/01002");
        assertThat(items.get(1002).get("Size").asLong()).isEqualTo(1002 % 7);
        assertThat(items.get(0).fieldNames()).toIterable()
                .containsExactly("Etag", "Key", "LastModified", "Size", "StorageClass");
    }

    @Test
    void aReaderWithoutAStoreFailsAsAReaderFailure() {
        DistributedConfig.ItemReader reader = new DistributedConfig.ItemReader(DistributedConfig.ItemReader.GET_OBJECT,
                null, "JSON", 0);
        assertThatThrownBy(() -> ItemReaders.open(reader, json("{\"Bucket\":\"b\",\"Key\":\"k\"}"), ObjectStore.NONE))
                .isInstanceOf(StatesError.class).hasMessageContaining("no object store");
    }
}
