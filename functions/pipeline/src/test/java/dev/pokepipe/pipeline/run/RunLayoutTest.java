package dev.pokepipe.pipeline.run;

import dev.pokepipe.pipeline.exceptions.InvalidEventException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLayoutTest {

    @Test
    void namesEveryObjectOfARunUnderItsPrefix() {
        assertThat(RunLayout.raw("r", 25)).isEqualTo("runs/r/raw/025.png");
        assertThat(RunLayout.raw("r", RunLayout.MAX_ID)).isEqualTo("runs/r/raw/100000.png");
        assertThat(RunLayout.ids("r")).isEqualTo("runs/r/ids.json");
        assertThat(RunLayout.rawFolder("r")).isEqualTo("runs/r/raw/");
        assertThat(RunLayout.mapResults("r", RunLayout.DOWNLOAD)).isEqualTo("runs/r/maps/download");
    }

    @Test
    void readsTheIdBackFromARawKeyOfTheSameRunOnly() {
        assertThat(RunLayout.idOfRaw("r", "runs/r/raw/025.png")).isEqualTo(25);
        assertThat(RunLayout.idOfRaw("r", "runs/r/raw/1025.png")).isEqualTo(1025);
        assertThat(RunLayout.idOfRaw("r", "runs/r/raw/100000.png")).isEqualTo(100_000);
        for (String key : new String[]{"runs/other/raw/025.png", "runs/r/raw/25.png", "runs/r/raw/0025.png",
                "runs/r/processed/025.png", "runs/r/raw/025.png-1f3c", "runs/r/raw/100001.png", "runs/r/raw/x.png", null}) {
            assertThatThrownBy(() -> RunLayout.idOfRaw("r", key)).as(key).isInstanceOf(InvalidEventException.class);
        }
    }
}
