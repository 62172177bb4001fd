package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the scripts write the sums hash on a real redis-server: whole increments by integer
 * adds, a whole increment on a fractional sum still exact, and the versions of a batch's
 * replies as if each reward had bumped the counter on its own; the hash kept a hash table.
 */
class RedisSumsWritesIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private RedisStatsStore store;

    @BeforeEach
    void connect() {
        REDIS.flushAll();
        store = REDIS.connectShared("w");
    }

    @AfterEach
    void close() {
        await(store.close());
    }

    @Test
    void wholeRewardsWithoutForgettingNeedNoFloatingPointAdd() {
        List<PendingDecision> decisions = new ArrayList<>();
        Decisions.Expected expected = new Decisions.Expected();
        for (int i = 0; i < 8; i++) {
            PendingDecision d = Decisions.tabular("artwork", "i" + i, "art-" + (i % 2),
                    Duration.ofMinutes(1), null);
            decisions.add(d);
            expected.decided(d).rewarded(d, 0, i % 3 == 0 ? 1 : 0);
        }
        await(Future.all(decisions.stream().map(store::recordDecision).toList()));
        REDIS.server().cli("config", "resetstat");

        List<Future<RewardOutcome>> rewards = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            rewards.add(store.applyReward("i" + i, null, i % 3 == 0 ? 1 : 0,
                    T0.plusSeconds(1)));
        }
        await(Future.all(rewards));

        assertThat(REDIS.server().cli("info", "commandstats"))
                .contains("cmdstat_hincrby:").doesNotContain("cmdstat_hincrbyfloat");
        assertThat(await(store.snapshot("artwork")).sums()).isEqualTo(expected.sums);
    }

    @Test
    void aWholeRewardOnAFractionalSumIsAddedExactly() {
        PendingDecision first = Decisions.tabular("artwork", "f1", "art-1",
                Duration.ofMinutes(1), null);
        PendingDecision second = Decisions.tabular("artwork", "f2", "art-1",
                Duration.ofMinutes(1), null);
        await(store.recordDecision(first));
        await(store.recordDecision(second));

        await(store.applyReward("f1", null, 0.5, T0.plusSeconds(1)));
        await(store.applyReward("f2", null, 1, T0.plusSeconds(1)));

        Map<String, Double> sums = await(store.snapshot("artwork")).sums();
        assertThat(sums).isEqualTo(new Decisions.Expected().decided(first).decided(second)
                .rewarded(first, 0, 0.5).rewarded(second, 0, 1).sums);
        assertThat(sums.get("s||art-1")).isEqualTo(1.5);
        assertThat(sums.get("q||art-1")).isEqualTo(1.25);
    }

    @Test
    void eachRewardOfABatchReportsTheVersionItsOwnBumpMade() {
        for (int i = 0; i < 6; i++) {
            await(store.recordDecision(Decisions.tabular("artwork", "v" + i, "art-1",
                    Duration.ofMinutes(1), null)));
        }

        List<Future<RewardOutcome>> rewards = new ArrayList<>();
        for (String id : List.of("v0", "v1", "v2", "v3", "v4", "v5")) {
            rewards.add(store.applyReward(id, null, 1, T0.plusSeconds(1)));
        }
        await(Future.all(rewards));

        List<Long> versions = rewards.stream().map(f -> f.result().version()).toList();
        assertThat(versions).containsExactly(7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(await(store.snapshot("artwork")).version()).isEqualTo(12);
    }

    @Test
    void theFirstSyncTurnsTheSumsHashIntoAHashTableAndItsMarkerIsNoSum() {
        PendingDecision d = Decisions.tabular("artwork", "t1", "art-1", Duration.ofMinutes(1),
                null);
        await(store.recordDecision(d));
        String sums = "w:{artwork}:s";
        assertThat(REDIS.server().cli("object", "encoding", sums).trim()).isEqualTo("listpack");

        Map<String, Double> first = await(store.snapshot("artwork")).sums();
        await(store.applyReward("t1", null, 1, T0.plusSeconds(1)));
        StatsSnapshot second = await(store.snapshot("artwork"));

        assertThat(REDIS.server().cli("object", "encoding", sums).trim()).isEqualTo("hashtable");
        assertThat(first).isEqualTo(new Decisions.Expected().decided(d).sums);
        assertThat(second.sums()).isEqualTo(new Decisions.Expected().decided(d)
                .rewarded(d, 0, 1).sums);
        assertThat(second.sums()).doesNotContainKey(RedisKeys.LAYOUT_FIELD);
        assertThat(second.version()).isEqualTo(2);
    }
}
