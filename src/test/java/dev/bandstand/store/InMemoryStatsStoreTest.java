package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import java.time.Duration;
import java.util.List;
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

    // TODO(redis): move into StatsStoreContract once the Redis store encodes tagged updates
    @Test
    void taggedUpdatesAddGroupCountersAndTrainOnlyWhenTheyTrain() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore(Duration.ofMinutes(5));
        TabularUpdate inner = new TabularUpdate("a", List.of(""));
        PendingDecision held = new PendingDecision("e1", PLACEMENT, T0, T0.plus(WAIT), 1.0,
                null, List.of(new Slot("a", 0.5, new TaggedUpdate("explore", false, inner))),
                null);
        PendingDecision trained = new PendingDecision("e2", PLACEMENT, T0, T0.plus(WAIT), 1.0,
                null, List.of(new Slot("a", 0.5, new TaggedUpdate("bandit", true, inner))),
                null);

        await(store.recordDecision(held));
        await(store.recordDecision(trained));
        await(store.applyReward("e1", null, 0.5, T0.plusSeconds(5)));
        await(store.applyReward("e2", null, 0.25, T0.plusSeconds(5)));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(sum(after, "x|explore|e")).isEqualTo(1.0);
        assertThat(sum(after, "x|explore|n")).isEqualTo(1.0);
        assertThat(sum(after, "x|explore|s")).isEqualTo(0.5);
        assertThat(sum(after, "x|explore|q")).isEqualTo(0.25);
        assertThat(sum(after, "x|bandit|s")).isEqualTo(0.25);
        assertThat(sum(after, "n||a")).isEqualTo(1.0);
        assertThat(sum(after, "s||a")).isEqualTo(0.25);
        assertThat(sum(after, "p||a")).isEqualTo(0.0);
    }

    @Test
    void storeIsNotShared() {
        assertThat(new InMemoryStatsStore().shared()).isFalse();
    }
}
