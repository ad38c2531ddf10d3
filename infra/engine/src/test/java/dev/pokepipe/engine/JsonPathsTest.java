package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSONPath reads and ResultPath writes the definition's data flow is made of. */
class JsonPathsTest {

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Nested
    class Reading {

        @Test
        void aDefinitePathReadsTheValueAndAContextPathReadsTheContext() throws Exception {
            assertThat(JsonPaths.compile("$.a.b").read(json("{\"a\":{\"b\":[1,2]}}"), json("{}")))
                    .isEqualTo(json("[1,2]"));
            assertThat(JsonPaths.compile("$$.Execution.Name").read(json("{}"), json("{\"Execution\":{\"Name\":\"r\"}}"))
                    .asText()).isEqualTo("r");
        }

        @Test
        void aFilterSelectsTheSuccessRecordsAsTheDefinitionsKeepDownloadedDoes() throws Exception {
            JsonNode downloads = json("{\"d\":[{\"id\":1,\"bytes\":5},{\"id\":2,\"error\":\"E\"},{\"id\":3,\"bytes\":7}]}");
            assertThat(JsonPaths.compile("$.d[?(@.bytes)].id").read(downloads, json("{}"))).isEqualTo(json("[1,3]"));
        }

        @Test
        void anIndefinitePathThatMatchesNothingIsAnEmptyArray() throws Exception {
            assertThat(JsonPaths.compile("$.d[?(@.bytes)].id").read(json("{\"d\":[]}"), json("{}"))).isEqualTo(json("[]"));
        }

        @Test
        void aMissingDefinitePathIsStatesRuntimeNamingThePath() {
            assertThatThrownBy(() -> JsonPaths.compile("$.missing").read(json("{\"a\":1}"), json("{}")))
                    .isInstanceOf(StatesError.class).hasMessageContaining("States.Runtime").hasMessageContaining("$.missing");
        }

        @Test
        void aPathMustStartWithDollar() {
            assertThatThrownBy(() -> JsonPaths.compile("a.b")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class WritingAResult {

        @Test
        void intoANestedMemberCreatesItAndKeepsTheRest() throws Exception {
            JsonNode out = JsonPaths.applyResultPath(List.of("caught", "x"), json("{\"id\":4}"), json("{\"Error\":\"E\"}"));
            assertThat(out).isEqualTo(json("{\"id\":4,\"caught\":{\"x\":{\"Error\":\"E\"}}}"));
        }

        @Test
        void atTheRootReplacesTheInput() throws Exception {
            assertThat(JsonPaths.applyResultPath(List.of(), json("{\"id\":4}"), json("7"))).isEqualTo(json("7"));
        }

        @Test
        void intoANonObjectIsAResultPathMatchFailure() {
            assertThatThrownBy(() -> JsonPaths.applyResultPath(List.of("a"), json("[1]"), json("2")))
                    .isInstanceOf(StatesError.class).hasMessageContaining(StatesError.RESULT_PATH_MATCH_FAILURE);
        }
    }
}
