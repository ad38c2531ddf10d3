package dev.pokepipe.local;

import dev.pokepipe.transform.Kernels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupPolicyTest {

    @Test
    void aRunNoLargerThanItsNarrowestMapRunsThePlainLoopsUnprimed() {
        WarmupPolicy policy = new WarmupPolicy(8, Kernels.VECTOR);

        assertThat(policy.forRun(1)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
        assertThat(policy.forRun(8)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
    }

    @Test
    void aLargerRunPrimesTheVectorsOnceAndEveryLaterRunUsesThem() {
        WarmupPolicy policy = new WarmupPolicy(8, Kernels.VECTOR);

        assertThat(policy.forRun(9)).isEqualTo(new WarmupPolicy.Decision(true, Kernels.VECTOR));
        assertThat(policy.forRun(150)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.VECTOR));
        assertThat(policy.forRun(1)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.VECTOR));
    }

    @Test
    void withoutVectorsEveryRunIsPlainAndOnlyALargeOnePrimes() {
        WarmupPolicy policy = new WarmupPolicy(8, Kernels.SCALAR);

        assertThat(policy.forRun(3)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
        assertThat(policy.forRun(40)).isEqualTo(new WarmupPolicy.Decision(true, Kernels.SCALAR));
        assertThat(policy.forRun(40)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
    }
}
