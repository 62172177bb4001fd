package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.PLACEMENT;
import static dev.bandstand.store.StatsStoreContract.T0;
import static dev.bandstand.store.StatsStoreContract.await;
import static dev.bandstand.store.StatsStoreContract.slate;
import static dev.bandstand.store.StatsStoreContract.sum;
import static org.assertj.core.api.Assertions.assertThat;

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
}
