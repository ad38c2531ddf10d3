package dev.pokepipe.engine;

import dev.pokepipe.engine.StateAction.Step;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.pokepipe.engine.EngineFixture.attempt;
import static dev.pokepipe.engine.EngineFixture.json;
import static dev.pokepipe.engine.EngineFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pass, Choice, Succeed and Fail on their own (the anchors: aws-local-stepfunctions' __tests__/stateActions). */
class PassAndChoiceActionTest {

    private final List<HistoryEvent> events = new ArrayList<>();

    private Step pass(String fields, String input) {
        StateSpec.Pass p = (StateSpec.Pass) state("P", "{\"P\":{\"Type\":\"Pass\"," + fields + "\"End\":true}}");
        return new PassAction().run(p, json(input), attempt(p, events));
    }

    @Nested
    class Pass {

        @Test
        void passesItsInputThroughByDefault() {
            Step step = pass("", "{\"a\":1}");
            assertThat(step.output()).isEqualTo(json("{\"a\":1}"));
            assertThat(step.next()).isNull();
        }

        @Test
        void placesResultAtResultPath() {
            Step step = pass("\"Result\":{\"r\":true},\"ResultPath\":\"$.out\",", "{\"a\":1}");
            assertThat(step.output()).isEqualTo(json("{\"a\":1,\"out\":{\"r\":true}}"));
        }

        @Test
        void appliesInputPathParametersAndOutputPathInOrder() {
            Step step = pass("\"InputPath\":\"$.in\",\"Parameters\":{\"v.$\":\"$.x\",\"name.$\":\"$$.State.Name\"},"
                    + "\"ResultPath\":\"$.p\",\"OutputPath\":\"$.p\",", "{\"in\":{\"x\":5}}");
            assertThat(step.output()).isEqualTo(json("{\"v\":5,\"name\":\"P\"}"));
        }

        @Test
        void aNullResultPathKeepsTheRawInput() {
            Step step = pass("\"Result\":1,\"ResultPath\":null,", "{\"a\":1}");
            assertThat(step.output()).isEqualTo(json("{\"a\":1}"));
        }

        @Test
        void recordsNoEventsOfItsOwn() {
            pass("\"Result\":1,", "{}");
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Choice {

        private static final String STATES = "{\"C\":{\"Type\":\"Choice\",\"InputPath\":\"$.in\",\"Choices\":["
                + "{\"Variable\":\"$.n\",\"NumericGreaterThan\":10,\"Next\":\"Big\"},"
                + "{\"Variable\":\"$.n\",\"NumericGreaterThan\":0,\"Next\":\"Small\"}]DEFAULT},"
                + "\"Big\":{\"Type\":\"Succeed\"},\"Small\":{\"Type\":\"Succeed\"},\"Other\":{\"Type\":\"Succeed\"}}";

        private Step choose(String input, boolean withDefault) {
            StateSpec.Choice c = (StateSpec.Choice) state("C",
                    STATES.replace("DEFAULT", withDefault ? ",\"Default\":\"Other\"" : ""));
            return new ChoiceAction().run(c, json(input), attempt(c, events));
        }

        @Test
        void takesTheFirstMatchingRuleInOrder() {
            assertThat(choose("{\"in\":{\"n\":50}}", true).next()).isEqualTo("Big");
            assertThat(choose("{\"in\":{\"n\":5}}", true).next()).isEqualTo("Small");
        }

        @Test
        void fallsBackToDefault() {
            assertThat(choose("{\"in\":{\"n\":-1}}", true).next()).isEqualTo("Other");
        }

        @Test
        void outputsItsEffectiveInput() {
            assertThat(choose("{\"in\":{\"n\":5},\"dropped\":1}", true).output()).isEqualTo(json("{\"n\":5}"));
        }

        @Test
        void failsWithNoChoiceMatchedWithoutDefault() {
            assertThatThrownBy(() -> choose("{\"in\":{\"n\":-1}}", false))
                    .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.NO_CHOICE_MATCHED);
        }
    }

    @Nested
    class SucceedAndFail {

        @Test
        void succeedEndsTheScopeWithItsFilteredInput() {
            StateSpec.Succeed s = (StateSpec.Succeed) state("S",
                    "{\"S\":{\"Type\":\"Succeed\",\"InputPath\":\"$.a\",\"OutputPath\":\"$.b\"}}");
            Step step = new SucceedAction().run(s, json("{\"a\":{\"b\":3}}"), attempt(s, events));
            assertThat(step.output()).isEqualTo(json("3"));
            assertThat(step.next()).isNull();
        }

        @Test
        void failThrowsItsLiteralErrorAndCause() {
            StateSpec.Fail f = (StateSpec.Fail) state("F",
                    "{\"F\":{\"Type\":\"Fail\",\"Error\":\"Bad\",\"Cause\":\"because\"}}");
            assertThatThrownBy(() -> new FailAction().run(f, json("{}"), attempt(f, events)))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("Bad");
                        assertThat(e.cause()).isEqualTo("because");
                    });
        }

        @Test
        void failReadsErrorAndCausePathsFromItsInput() {
            StateSpec.Fail f = (StateSpec.Fail) state("F",
                    "{\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.e\",\"CausePath\":\"$.c\"}}");
            assertThatThrownBy(() -> new FailAction().run(f, json("{\"e\":\"E1\",\"c\":\"C1\"}"), attempt(f, events)))
                    .isInstanceOfSatisfying(StatesError.class, e -> {
                        assertThat(e.error()).isEqualTo("E1");
                        assertThat(e.cause()).isEqualTo("C1");
                    });
        }

        @Test
        void failRefusesANonStringErrorPathValue() {
            StateSpec.Fail f = (StateSpec.Fail) state("F", "{\"F\":{\"Type\":\"Fail\",\"ErrorPath\":\"$.e\"}}");
            assertThatThrownBy(() -> new FailAction().run(f, json("{\"e\":7}"), attempt(f, events)))
                    .extracting(e -> ((StatesError) e).error()).isEqualTo(StatesError.RUNTIME);
        }
    }
}
