package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.PLACEMENT;
import static dev.bandstand.store.StatsStoreContract.T0;
import static dev.bandstand.store.StatsStoreContract.WAIT;
import static dev.bandstand.store.StatsStoreContract.await;
import static dev.bandstand.store.StatsStoreContract.slate;
import static dev.bandstand.store.StatsStoreContract.sum;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store on one redis-server applies the cascade rule and keeps retired arms from
 * training, in its scripts; and an arm retired through one instance is retired for another.
 */
class RedisCascadeAndArmsIT extends CascadeAndArmsContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    @Override
    protected StatsStore newStore() throws Exception {
        return REDIS.connect("cascade");
    }

    @Test
    void armRetiredThroughOneInstanceIsRetiredForAnotherAndItsRewardThere()
            throws Exception {
        StatsStore first = REDIS.connectShared("shared");
        StatsStore second = REDIS.connectShared("shared");
        try {
            await(first.recordDecision(slate("e1", null, "a")));

            await(second.retireArm(PLACEMENT, "a"));
            ArmRoster seen = await(first.arms(PLACEMENT));
            RewardOutcome outcome = await(first.applyReward("e1", null, 1.0,
                    T0.plusSeconds(1)));

            assertThat(seen.retired()).isEqualTo(Set.of("a"));
            assertThat(outcome.status()).isEqualTo(RewardOutcome.Status.APPLIED);
            assertThat(outcome.trained()).isFalse();
            assertThat(sum(await(second.snapshot(PLACEMENT)), "n||a")).isEqualTo(0.0);
        } finally {
            await(first.close());
            await(second.close());
        }
    }

    @Test
    void aLateRewardAfterTheSweepReachesThePositionsBeforeItUnderTheCascadeRule()
            throws Exception {
        // as a reward buffered by an instance that could not reach Redis while another swept
        StatsStore store = newStore();
        try {
            await(store.recordDecision(slate("e1", 0.25, "a", "b", "c", "d")));
            await(store.expireDue(T0.plus(WAIT), 10));
            Instant inTime = T0.plus(WAIT).minusSeconds(1);

            RewardOutcome late = await(store.applyReward("e1", "c", 0.75, inTime));
            StatsSnapshot stats = await(store.snapshot(PLACEMENT));

            assertThat(late.status()).isEqualTo(RewardOutcome.Status.APPLIED);
            assertThat(late.trained()).isTrue();
            assertThat(List.of("a", "b", "c", "d")).extracting(arm -> sum(stats, "n||" + arm)
                    + "/" + sum(stats, "s||" + arm) + "/" + sum(stats, "p||" + arm))
                    .containsExactly("1.0/0.25/0.0", "1.0/0.25/0.0", "1.0/0.75/0.0",
                            "0.0/0.0/0.0");
        } finally {
            await(store.close());
        }
    }

    @Test
    void aLateRewardForAnArmRetiredAfterTheSweepDoesNotTrainAndKeepsItsDefault()
            throws Exception {
        StatsStore store = newStore();
        try {
            await(store.recordDecision(slate("e1", 0.25, "a", "b")));
            await(store.expireDue(T0.plus(WAIT), 10));
            await(store.retireArm(PLACEMENT, "a"));
            await(store.retireArm(PLACEMENT, "b"));
            Instant inTime = T0.plus(WAIT).minusSeconds(1);

            RewardOutcome defaulted = await(store.applyReward("e1", "a", 1.0, inTime));
            RewardOutcome dropped = await(store.applyReward("e1", "b", 1.0, inTime));
            StatsSnapshot stats = await(store.snapshot(PLACEMENT));

            assertThat(List.of(defaulted, dropped)).extracting(o -> o.status() + ":"
                    + o.trained()).containsExactly("APPLIED:false", "APPLIED:false");
            assertThat(List.of("a", "b")).extracting(arm -> sum(stats, "n||" + arm)
                    + "/" + sum(stats, "s||" + arm) + "/" + sum(stats, "p||" + arm))
                    .containsExactly("1.0/0.25/0.0", "0.0/0.0/0.0");
        } finally {
            await(store.close());
        }
    }
}
