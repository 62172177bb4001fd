package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.PLACEMENT;
import static dev.bandstand.store.StatsStoreContract.T0;
import static dev.bandstand.store.StatsStoreContract.await;
import static dev.bandstand.store.StatsStoreContract.slate;
import static dev.bandstand.store.StatsStoreContract.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis store on one redis-server applies the cascade rule and keeps retired arms from
 * training, in its scripts; and an arm retired through one instance is retired for another.
 */
class RedisCascadeAndArmsIT extends CascadeAndArmsContract {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        await(vertx.close());
    }

    @Override
    protected StatsStore newStore() throws Exception {
        return connect("cascade" + PREFIXES.incrementAndGet());
    }

    @Test
    void armRetiredThroughOneInstanceIsRetiredForAnotherAndItsRewardThere()
            throws Exception {
        String prefix = "shared" + PREFIXES.incrementAndGet();
        StatsStore first = connect(prefix);
        StatsStore second = connect(prefix);
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

    private static StatsStore connect(String prefix) throws Exception {
        StoreSettings settings = RedisStoreBehaviourIT.settings(REDIS.uri(), prefix);
        return await(RedisStatsStore.connect(vertx, settings));
    }
}
