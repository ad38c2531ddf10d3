package dev.pokepipe.local;

import dev.pokepipe.transform.Kernels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarmupPolicyTest {

    @Test
    void aRunNoLargerThanItsNarrowestMapRunsThePlainLoopsUnprimed() {
        WarmupPolicy policy = new WarmupPolicy(8, 40, Kernels.VECTOR);

        assertThat(policy.forRun(1)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
        assertThat(policy.forRun(8)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
    }

    @Test
    void aLargerRunPrimesTheVectorsOnceAndEveryLaterRunUsesThem() {
        WarmupPolicy policy = new WarmupPolicy(8, 40, Kernels.VECTOR);

        assertThat(policy.forRun(9)).isEqualTo(new WarmupPolicy.Decision(true, Kernels.VECTOR));
        assertThat(policy.forRun(150)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.VECTOR));
        assertThat(policy.forRun(1)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.VECTOR));
    }

    @Test
    void withoutVectorsEveryRunIsPlainAndOnlyALargeOnePrimes() {
        WarmupPolicy policy = new WarmupPolicy(8, 40, Kernels.SCALAR);

        assertThat(policy.forRun(3)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
        assertThat(policy.forRun(40)).isEqualTo(new WarmupPolicy.Decision(true, Kernels.SCALAR));
        assertThat(policy.forRun(40)).isEqualTo(new WarmupPolicy.Decision(false, Kernels.SCALAR));
    }

    @Test
    void onlyAFirstRunOfOneDownloadWaveThatPrimesAtAllPrimesAtStart() {
        WarmupPolicy policy = new WarmupPolicy(8, 40, Kernels.VECTOR);

        assertThat(policy.primesAtStart(8)).as("primes nothing").isFalse();
        assertThat(policy.primesAtStart(41)).as("its downloads leave time").isFalse();
        assertThat(policy.primesAtStart(9)).isTrue();
        assertThat(policy.primesAtStart(40)).isTrue();

        policy.forRun(40);
        assertThat(policy.primesAtStart(40)).as("a later run finds the vectors compiled").isFalse();
    }
}
