package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory store passes the store contract, and forgets tombstones after the margin. */
class InMemoryStatsStoreTest extends StatsStoreContract {

    @Override
    protected StatsStore newStore() {
        return new InMemoryStatsStore(Duration.ofMinutes(5));
    }

    @Test
    void settledDecisionIsForgottenOnceTheTombstoneMarginHasPassed() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore(Duration.ofMinutes(5));
        await(store.recordDecision(tabular("e1", "a", null)));
        await(store.expireDue(T0.plus(WAIT), 10));

        await(store.expireDue(T0.plus(WAIT).plus(Duration.ofMinutes(5)), 10));
        RewardOutcome outcome = await(store.applyReward(
                "e1", null, 1.0, T0.plus(WAIT).plus(Duration.ofMinutes(5))));

        assertThat(outcome.status()).isEqualTo(RewardOutcome.Status.UNKNOWN_EVENT);
    }

    @Test
    void eventIdHeldInAnotherPlacementIsRefusedEvenOnceSettled() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore(Duration.ofMinutes(5));
        PendingDecision first = tabular("e1", "a", null);
        await(store.recordDecision(first));
        await(store.expireDue(T0.plus(WAIT), 10));

        PendingDecision elsewhere = new PendingDecision("e1", "banner", T0, T0.plus(WAIT), 1.0,
                null, first.slots(), null);
        boolean recorded = await(store.recordDecision(elsewhere));

        assertThat(recorded).isFalse();
        assertThat(await(store.snapshot("banner")).sums()).isEmpty();
    }

    @Test
    void storeIsNotShared() {
        assertThat(new InMemoryStatsStore().shared()).isFalse();
    }
}
