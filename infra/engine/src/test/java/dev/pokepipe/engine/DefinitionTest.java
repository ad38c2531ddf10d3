package dev.pokepipe.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Load-time checks: anything outside the subset is refused with the state and the field named (S-1..S-14). */
class DefinitionTest {

    private static String task(String extraField) {
        return """
                {"StartAt": "Outer", "States": {
                  "Outer": {"Type": "Map", "ItemsPath": "$.ids", "ItemProcessor": {"StartAt": "Work", "States": {
                    "Work": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                             "Parameters": {"FunctionName": "f", "Payload.$": "$"}, %s "End": true}}},
                    "End": true}}}""".formatted(extraField);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"HeartbeatSeconds\": 5,| Outer/ItemProcessor/Work | HeartbeatSeconds",
            "\"Credentials\": {},| Outer/ItemProcessor/Work | Credentials",
            "\"Assign\": {},| Outer/ItemProcessor/Work | Assign",
            "\"Retry\": [{\"ErrorEquals\": [\"States.ALL\", \"X\"]}],| Outer/ItemProcessor/Work | Retry[0].ErrorEquals",
            "\"Retry\": [{\"ErrorEquals\": [\"X\"], \"BackoffRate\": 0.5}],| Outer/ItemProcessor/Work | Retry[0].BackoffRate",
            "\"Retry\": [{\"ErrorEquals\": [\"X\"], \"JitterStrategy\": \"HALF\"}],| Outer/ItemProcessor/Work | Retry[0].JitterStrategy",
            "\"ResultPath\": \"$.a[0]\",| Outer/ItemProcessor/Work | ResultPath",
            "\"OutputPath\": \"$.a.length()\",| Outer/ItemProcessor/Work | OutputPath",
            "\"ResultSelector\": {\"x.$\": \"States.Hash($, 'MD5')\"},| Outer/ItemProcessor/Work | ResultSelector.x.$",
            "\"ResultSelector\": {\"x.$\": \"$$.Map.Item.Value\"},| Outer/ItemProcessor/Work | ResultSelector.x.$",
            "\"ResultSelector\": {\"x.$\": \"States.Format('a)\"},| Outer/ItemProcessor/Work | ResultSelector.x.$",
    })
    void refusesWithStateAndField(String field, String state, String name) {
        assertThatThrownBy(() -> Definition.parse(task(field)))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("state `" + state.trim() + "`")
                .hasMessageContaining("field `" + name.trim() + "`");
    }

    @Test
    void refusesStatesAndModesOutsideTheSubset() {
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 1, "End": true}}}"""))
                .hasMessageContaining("state `W`: field `Type`");
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": {}, "ItemProcessor":
                  {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}"""))
                .hasMessageContaining("state `M`: field `ItemReader` is not supported by the local engine (Distributed Map only)");
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}"""))
                .hasMessageContaining("state `T`: field `Resource`");
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "A", "TimeoutSeconds": 5, "States": {"A": {"Type": "Pass", "End": true}}}"""))
                .hasMessageContaining("field `TimeoutSeconds`");
    }

    @Test
    void refusesBrokenTransitionsAndDuplicateNames() {
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"""))
                .hasMessageContaining("state `A`: the transition to `Nowhere`");
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}}}"""))
                .hasMessageContaining("exactly one of `Next`");
        assertThatThrownBy(() -> Definition.parse("""
                {"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": {"StartAt": "A", "States":
                  {"A": {"Type": "Pass", "End": true}}}, "End": true}}}"""))
                .hasMessageContaining("used twice");
    }

    @Test
    void warnsAboutAMaxConcurrencyAboveTheInlineLimit() {
        Definition d = Definition.parse("""
                {"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 100, "ItemProcessor":
                  {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}""");
        assertThat(d.warnings()).singleElement().asString().contains("runs as 40");
        assertThat(d.mapLimits()).containsExactly(java.util.Map.entry("M", 40));
    }

    @Test
    void knowsEachMapsLimitInOrder() {
        Definition d = Definition.parse("""
                {"StartAt": "A", "States": {
                  "A": {"Type": "Map", "MaxConcurrency": 3, "ItemProcessor":
                    {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "B"},
                  "B": {"Type": "Map", "ItemProcessor":
                    {"StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}, "End": true}}}""");
        assertThat(d.mapLimits()).containsExactly(java.util.Map.entry("A", 3), java.util.Map.entry("B", 40));
    }
}
