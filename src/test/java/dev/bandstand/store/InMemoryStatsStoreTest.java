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
    void storeIsNotShared() {
        assertThat(new InMemoryStatsStore().shared()).isFalse();
    }
}
