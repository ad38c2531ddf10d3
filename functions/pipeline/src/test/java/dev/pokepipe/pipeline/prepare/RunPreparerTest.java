package dev.pokepipe.pipeline.prepare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import dev.pokepipe.pipeline.store.ImageStore;
import dev.pokepipe.testing.EmbeddedS3;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ids of a run into S3 as the download Map's JSON items, against a real (embedded) S3. */
class RunPreparerTest {

    @RegisterExtension
    static final EmbeddedS3 S3_SERVER = new EmbeddedS3();
    private static final ObjectMapper JSON = new ObjectMapper();

    private String bucket;
    private RunPreparer preparer;

    @BeforeEach
    void newBucket() {
        bucket = S3_SERVER.createBucket("prep-" + System.nanoTime());
        preparer = new RunPreparer(new ImageStore(S3_SERVER.client()));
    }

    private JsonNode stored(String key) throws IOException {
        return JSON.readTree(S3_SERVER.client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
    }

    private PrepareResult prepare(String input) throws IOException {
        return preparer.prepare(new PrepareRequest("r", bucket, JSON.readTree(input)));
    }

    @Test
    void writesACountAsOneToNAndAListAsGivenAndAPreparedRunIsNoLongerFresh() throws IOException {
        PrepareResult counted = prepare("{\"count\": 100000}");
        assertThat(counted).isEqualTo(new PrepareResult("r", 100_000, "runs/r/ids.json", "runs/r/raw/",
                "runs/r/maps/download", "runs/r/maps/process", true));
        JsonNode ids = stored("runs/r/ids.json");
        assertThat(ids).hasSize(100_000);
        assertThat(ids.get(0).asInt()).isEqualTo(1);
        assertThat(ids.get(99_999).asInt()).isEqualTo(100_000);

        PrepareResult again = prepare("{\"ids\": [7, 3, 100000]}");
        assertThat(again.count()).isEqualTo(3);
        assertThat(again.fresh()).as("ids written before: a resumed run").isFalse();
        assertThat(stored("runs/r/ids.json").toString()).isEqualTo("[7,3,100000]");
    }

    @Test
    void refusesWhatIsNotAValidDistinctSelectionNamingTheValue() {
        String[][] refused = {
                {"{\"count\": 0}", "count must be an integer from 1 to 100000"},
                {"{\"count\": 100001}", "count must be"},
                {"{\"count\": 2.5}", "count must be"},
                {"{\"count\": 3, \"ids\": [1]}", "alone; got ids as well"},
                {"{\"ids\": []}", "1 to 100000 ids"},
                {"{\"ids\": [1, \"2\"]}", "\"2\" is not an integer id"},
                {"{\"ids\": [1, 100001]}", "id must be an integer from 1 to 100000; got 100001"},
                {"{\"ids\": [4, 5, 4]}", "4 is given more than once"},
                {"{}", "1 to 100000 ids"},
                {"[1]", "input must be"}};
        for (String[] r : refused) {
            assertThatThrownBy(() -> prepare(r[0])).as(r[0]).isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(r[1]);
        }
        assertThat(S3_SERVER.client().listObjectsV2(b -> b.bucket(bucket)).contents()).as("nothing written").isEmpty();
    }
}
