package dev.pokepipe.infra.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionInputTest {

    @Test
    void acceptsACountOrAnIdList() {
        assertThat(ExecutionInput.count(150).toString()).isEqualTo("{\"count\":150}");
        assertThat(ExecutionInput.ids(" 1, 4 ,7").toString()).isEqualTo("{\"ids\":[1,4,7]}");
    }

    @Test
    void namesTheBadValue() {
        assertThatThrownBy(() -> ExecutionInput.count(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ExecutionInput.count(1001)).hasMessageContaining("got 1001");
        assertThatThrownBy(() -> ExecutionInput.ids("1,x,3")).hasMessageContaining("'x' is not an integer");
        assertThatThrownBy(() -> ExecutionInput.ids("1,2.5")).hasMessageContaining("'2.5' is not an integer");
        assertThatThrownBy(() -> ExecutionInput.ids("1,0")).hasMessageContaining("0 is out of range");
        assertThatThrownBy(() -> ExecutionInput.ids("4,5,4")).hasMessageContaining("4 is given more than once");
        assertThatThrownBy(() -> ExecutionInput.ids("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ExecutionInput.ids("1,,2")).hasMessageContaining("'' is not an integer");
    }
}
