package dev.pokepipe.transform;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryBudgetTest {

    @Test
    void aRequestLargerThanTheWholeBudgetFailsAtOnceNamingBothSizes() {
        MemoryBudget budget = new MemoryBudget(10L << 20, "a test heap");

        assertThatThrownBy(() -> budget.reserve((10L << 20) + 1, "image 5000x5000"))
                .isInstanceOf(ImageTooLargeForMemoryException.class)
                .hasMessage("image 5000x5000 needs an estimated 10.0 MB, more than the limit of 10.0 MB (a test heap)");
        assertThat(budget.used()).isZero();
    }

    @Test
    void aRequestWaitsWhileOthersHoldTooMuchAndRunsWhenTheyAreDone() throws Exception {
        MemoryBudget budget = new MemoryBudget(100, "a test heap");
        MemoryBudget.Reservation first = budget.reserve(70, "first");
        CompletableFuture<MemoryBudget.Reservation> second = CompletableFuture.supplyAsync(
                () -> budget.reserve(40, "second"));

        assertThatThrownBy(() -> second.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        first.close();

        try (MemoryBudget.Reservation got = second.get(10, TimeUnit.SECONDS)) {
            assertThat(budget.used()).isEqualTo(40);
        }
        assertThat(budget.used()).isZero();
    }

    @Test
    void growingTakesOnlyWhatIsFreeNowAndClosingGivesAllBack() {
        MemoryBudget budget = new MemoryBudget(100, "a test heap");
        MemoryBudget.Reservation held = budget.reserve(60, "other");
        MemoryBudget.Reservation mine = budget.reserve(30, "mine");

        mine.grow(10, "mine");
        assertThatThrownBy(() -> mine.grow(1, "image 9x9"))
                .isInstanceOf(ImageTooLargeForMemoryException.class)
                .hasMessageStartingWith("image 9x9 needs more than the");
        mine.close();
        mine.close();
        assertThat(budget.used()).isEqualTo(60);
        held.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void theHeapBudgetKeepsAReserveBack() {
        long max = Runtime.getRuntime().maxMemory();
        assertThat(MemoryBudget.ofHeap().limit()).isEqualTo(max - MemoryBudget.reserve(max));
        assertThat(MemoryBudget.reserve(160L << 20)).isEqualTo(20L << 20);
        assertThat(MemoryBudget.reserve(64L << 20)).isEqualTo(16L << 20);
    }
}
