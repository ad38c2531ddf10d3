package dev.pokepipe.pipeline.run;

import dev.pokepipe.pipeline.exceptions.InvalidRunInputException;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunInputTest {

    @Test
    void acceptsACountOrAnIdList() {
        assertThat(RunInput.count(150).toString()).isEqualTo("{\"count\":150}");
        assertThat(RunInput.ids(" 1, 4 ,7").toString()).isEqualTo("{\"ids\":[1,4,7]}");
        assertThat(RunInput.count(100_000).toString()).isEqualTo("{\"count\":100000}");
    }

    @Test
    void namesTheBadValue() {
        assertThatThrownBy(() -> RunInput.count(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> RunInput.count(100_001)).hasMessageContaining("got 100001");
        assertThatThrownBy(() -> RunInput.ids("1,x,3")).hasMessageContaining("'x' is not an integer");
        assertThatThrownBy(() -> RunInput.ids("1,2.5")).hasMessageContaining("'2.5' is not an integer");
        assertThatThrownBy(() -> RunInput.ids("1,0")).hasMessageContaining("0 is out of range");
        assertThatThrownBy(() -> RunInput.ids("4,5,4")).hasMessageContaining("4 is given more than once");
        assertThatThrownBy(() -> RunInput.ids("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> RunInput.ids("1,,2")).hasMessageContaining("'' is not an integer");
    }

    @Test
    void anIdListIsBoundedByStepFunctionsExecutionInputNotOnlyByItsCount() {
        // 10000..50000: 40,001 ids of 5 digits, about 240 KB as JSON; up to 100000, about 540 KB.
        String fits = IntStream.rangeClosed(10_000, 50_000).mapToObj(String::valueOf).collect(Collectors.joining(","));
        assertThat(RunInput.ids(fits).toString().length()).isBetween(200_000, RunInput.MAX_INPUT_BYTES);
        String tooLong = IntStream.rangeClosed(10_000, 100_000).mapToObj(String::valueOf)
                .collect(Collectors.joining(","));
        assertThatThrownBy(() -> RunInput.ids(tooLong)).isInstanceOf(InvalidRunInputException.class)
                .hasMessageContaining("90001 ids make an execution input of").hasMessageContaining("256 KiB")
                .hasMessageContaining("--count");
    }
}
