package dev.pokepipe.engine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parameters, ItemSelector and ResultSelector templates: static values, paths and intrinsics by key. */
class PayloadTemplateTest {

    private static JsonNode json(String text) throws Exception {
        return Json.parse(text);
    }

    @Test
    void keysEndingInDollarTakeAPathOrAnIntrinsicAndLoseTheSuffix() throws Exception {
        PayloadTemplate template = PayloadTemplate.compile(json("{\"ids.$\":\"$.ids\",\"count.$\":\"States.ArrayLength($.ids)\","
                + "\"distinct.$\":\"States.ArrayLength(States.ArrayUnique($.ids))\",\"fixed\":\"b\"}"), "S", "Parameters", false);

        assertThat(template.evaluate(json("{\"ids\":[1,2,2]}"), json("{}")))
                .isEqualTo(json("{\"ids\":[1,2,2],\"count\":3,\"distinct\":2,\"fixed\":\"b\"}"));
    }

    @Test
    void nestedObjectsAreTemplatesToo() throws Exception {
        PayloadTemplate template = PayloadTemplate.compile(json("{\"Payload\":{\"runId.$\":\"$$.Execution.Name\",\"bucket\":\"b\"}}"),
                "S", "Parameters", false);

        assertThat(template.evaluate(json("{}"), json("{\"Execution\":{\"Name\":\"run-1\"}}")))
                .isEqualTo(json("{\"Payload\":{\"runId\":\"run-1\",\"bucket\":\"b\"}}"));
    }

    @Test
    void theMapContextIsOnlyForItemSelector() throws Exception {
        assertThatThrownBy(() -> PayloadTemplate.compile(json("{\"id.$\":\"$$.Map.Item.Value\"}"), "S", "Parameters", false))
                .isInstanceOf(RuntimeException.class);
        PayloadTemplate selector = PayloadTemplate.compile(json("{\"id.$\":\"$$.Map.Item.Value\"}"), "S", "ItemSelector", true);
        assertThat(selector.evaluate(json("{}"), json("{\"Map\":{\"Item\":{\"Value\":7}}}"))).isEqualTo(json("{\"id\":7}"));
    }

    @Test
    void aDollarKeyWithSomethingElseThanAPathIsRefusedAtLoad() {
        assertThatThrownBy(() -> PayloadTemplate.compile(json("{\"id.$\":\"not a path\"}"), "S", "Parameters", false))
                .isInstanceOf(RuntimeException.class);
    }
}
