package dev.pokepipe.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choice rules as the definition's input checks use them. */
class ChoiceRuleTest {

    private static boolean test(String rule, String input) throws Exception {
        return ChoiceRule.parse(Json.parse(rule), "S", "Choices[0]", true).test(Json.parse(input), Json.parse("{}"));
    }

    @Test
    void numericEqualsPathComparesTwoValuesOfTheInput() throws Exception {
        String rule = "{\"Variable\":\"$.distinct\",\"NumericEqualsPath\":\"$.count\",\"Next\":\"N\"}";
        assertThat(test(rule, "{\"distinct\":3,\"count\":3}")).isTrue();
        assertThat(test(rule, "{\"distinct\":2,\"count\":3}")).isFalse();
        assertThat(test(rule, "{\"distinct\":3.0,\"count\":3}")).as("numbers compare by value").isTrue();
    }

    @Test
    void isPresentTellsAMissingFieldFromAPresentOne() throws Exception {
        String rule = "{\"Variable\":\"$.count\",\"IsPresent\":true,\"Next\":\"N\"}";
        assertThat(test(rule, "{\"count\":1}")).isTrue();
        assertThat(test(rule, "{\"ids\":[]}")).isFalse();
    }

    @Test
    void andNeedsEveryRuleAndStopsAtTheFirstFalse() throws Exception {
        String rule = "{\"And\":[{\"Variable\":\"$.count\",\"IsPresent\":true},"
                + "{\"Variable\":\"$.count\",\"NumericLessThanEquals\":1000}],\"Next\":\"N\"}";
        assertThat(test(rule, "{\"count\":1000}")).isTrue();
        assertThat(test(rule, "{\"count\":1001}")).isFalse();
        assertThat(test(rule, "{}")).as("the comparison on a missing field is never reached").isFalse();
    }

    @Test
    void notAndOrCombine() throws Exception {
        String rule = "{\"Not\":{\"Or\":[{\"Variable\":\"$.a\",\"StringEquals\":\"x\"},"
                + "{\"Variable\":\"$.a\",\"StringEquals\":\"y\"}]},\"Next\":\"N\"}";
        assertThat(test(rule, "{\"a\":\"z\"}")).isTrue();
        assertThat(test(rule, "{\"a\":\"y\"}")).isFalse();
    }

    @Test
    void aRuleWithoutAComparisonIsRefusedAtLoad() {
        assertThatThrownBy(() -> ChoiceRule.parse(Json.parse("{\"Variable\":\"$.a\",\"Next\":\"N\"}"), "S", "Choices[0]", true))
                .isInstanceOf(RuntimeException.class);
    }

}
