package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The integer kernels against the tables of transform-spec §2.2, §7.3 and §7.4. */
class KernelParametersTest {

    @Test
    void boxBlurParametersForBothRadii() {
        GaussianBlur ten = GaussianBlur.ofRadius(10);
        assertThat(new long[]{ten.boxRadius(), ten.innerWeight(), ten.edgeWeight()})
                .containsExactly(9, 840963, 399459);
        GaussianBlur five = GaussianBlur.ofRadius(5);
        assertThat(new long[]{five.boxRadius(), five.innerWeight(), five.edgeWeight()})
                .containsExactly(4, 1694668, 762602);
    }

    @Test
    void upscaleTapsMatchTheSpecTable() {
        LanczosResize.Coefficients up = LanczosResize.Coefficients.of(475, 950);
        assertThat(up.taps(0)).containsExactly(4742290, -707939, 159953);
        assertThat(up.taps(3)).containsExactly(-576350, 3860810, 1171992, -294056, 31908);
        assertThat(up.taps(100)).containsExactly(30947, -285201, 1136701, 3744552, -558994, 126300);
        assertThat(up.first(100)).isEqualTo(47);
        assertThat(up.taps(949)).containsExactly(159953, -707939, 4742290);
    }

    @Test
    void downscaleTapsMatchTheSpecTable() {
        LanczosResize.Coefficients down = LanczosResize.Coefficients.of(950, 475);
        assertThat(down.taps(0)).containsExactly(1978344, 1978344, 600549, -295331, -150679, 66728, 16350);
        assertThat(down.taps(2)).containsExactly(63384, -143129, -280532, 570455, 1879209, 1879209, 570455,
                -280532, -143129, 63384, 15531);
        assertThat(down.first(3)).isEqualTo(1);
        assertThat(down.taps(200)).containsExactly(15473, 63150, -142601, -279497, 568350, 1872276, 1872276,
                568350, -279497, -142601, 63150, 15473);
    }

    @Test
    void tinyImagesCopyAndAverage() {
        assertThat(LanczosResize.Coefficients.of(1, 2).taps(1)).containsExactly(4194304);
        assertThat(LanczosResize.Coefficients.of(2, 1).taps(0)).containsExactly(2097152, 2097152);
    }
}
