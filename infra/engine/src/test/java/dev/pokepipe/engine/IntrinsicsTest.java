package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** States.ArrayUnique, alone and nested, as the definition's check for repeated ids uses it. */
class IntrinsicsTest {

    private static JsonNode eval(String call, String data) throws Exception {
        return Intrinsics.parse(call).eval(Json.parse(data), Json.parse("{}"));
    }

    @Test
    void arrayUniqueKeepsTheFirstOfEachValueInOrder() throws Exception {
        assertThat(eval("States.ArrayUnique($.ids)", "{\"ids\":[3,1,3,2,1]}"))
                .isEqualTo(Json.parse("[3,1,2]"));
    }

    @Test
    void numbersAreEqualByValueAndOtherValuesByContent() throws Exception {
        assertThat(eval("States.ArrayUnique($.a)", "{\"a\":[2,2.0,\"2\",{\"x\":1},{\"x\":1},null,null]}"))
                .isEqualTo(Json.parse("[2,\"2\",{\"x\":1},null]"));
    }

    @Test
    void nestedInArrayLengthItCountsDistinctValues() throws Exception {
        assertThat(eval("States.ArrayLength(States.ArrayUnique($.ids))", "{\"ids\":[1,2,2]}").asInt()).isEqualTo(2);
    }

    @Test
    void aNonArrayIsAnIntrinsicFailure() {
        assertThatThrownBy(() -> eval("States.ArrayUnique($.ids)", "{\"ids\":5}"))
                .isInstanceOf(StatesError.class).hasMessageContaining("States.ArrayUnique needs an array");
    }
}
