package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two store instances on one Redis, as two Bandstand processes would be: every reward and
 * every expiry is counted once however the calls are spread and repeated.
 */
class RedisExactlyOnceIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final String[] ARMS = {"a", "b", "c", "d", "e"};

    private Vertx vertx;
    private RedisStatsStore first;
    private RedisStatsStore second;

    @BeforeEach
    void connect() {
        vertx = Vertx.vertx();
        StoreSettings settings = RedisStoreBehaviourIT.settings(REDIS.uri(), "once");
        first = await(RedisStatsStore.connect(vertx, settings));
        second = await(RedisStatsStore.connect(vertx, settings));
    }

    @AfterEach
    void close() {
        await(first.close());
        await(second.close());
        await(vertx.close());
        REDIS.flushAll();
    }

    @Test
    void twoInstancesWithFourThreadsEachCountEveryRewardOnceWithExactSums() throws Exception {
        int decisions = 2000;
        int threadsPerInstance = 4;
        List<String> ids = new ArrayList<>();
        Map<String, Double> expectedSum = new HashMap<>();
        for (int i = 0; i < decisions; i++) {
            String arm = ARMS[i % ARMS.length];
            RedisStatsStore recorder = i % 2 == 0 ? first : second;
            await(recorder.recordDecision(Decisions.tabular("p", "e" + i, arm,
                    Duration.ofMinutes(10), null)));
            expectedSum.merge(arm, reward(i), Double::sum);
            ids.add("e" + i);
        }

        List<Callable<Map<Status, Integer>>> senders = new ArrayList<>();
        for (int t = 0; t < 2 * threadsPerInstance; t++) {
            RedisStatsStore store = t % 2 == 0 ? first : second;
            long seed = 41 + t;
            senders.add(() -> sendAll(store, ids, seed));
        }
        Map<Status, Integer> counts = inParallel(senders);
        StatsSnapshot stats = await(first.snapshot("p"));

        assertThat(counts).containsOnly(Map.entry(Status.APPLIED, decisions),
                Map.entry(Status.DUPLICATE, decisions * (2 * threadsPerInstance - 1)));
        for (String arm : ARMS) {
            assertThat(stats.sums().get("n||" + arm)).isEqualTo(decisions / ARMS.length);
            assertThat(stats.sums().get("s||" + arm)).isEqualTo(expectedSum.get(arm));
            assertThat(stats.sums().get("p||" + arm)).isEqualTo(0.0);
        }
        assertThat(stats.version()).isEqualTo(2L * decisions);
    }

    @Test
    void theSameRewardSentTwiceToEachInstanceIsCountedOnce() {
        PendingDecision d = Decisions.tabular("p", "twice", "a", Duration.ofMinutes(10), null);
        await(first.recordDecision(d));
        Instant now = T0.plusSeconds(3);

        List<Status> statuses = List.of(
                await(first.applyReward("twice", null, 0.5, now)).status(),
                await(second.applyReward("twice", null, 0.5, now)).status(),
                await(first.applyReward("twice", null, 0.5, now)).status(),
                await(second.applyReward("twice", null, 0.5, now)).status());

        assertThat(statuses).containsExactly(Status.APPLIED, Status.DUPLICATE,
                Status.DUPLICATE, Status.DUPLICATE);
        assertThat(await(second.snapshot("p")).sums()).containsEntry("n||a", 1.0)
                .containsEntry("s||a", 0.5);
    }

    @Test
    void aDuplicateThroughTheOtherInstanceTellsTheValueAppliedFirstPerSlot() {
        PendingDecision slate = Decisions.slate("p", "slate", List.of("a", "b"),
                Duration.ofMinutes(10), null);
        await(first.recordDecision(slate));
        Instant now = T0.plusSeconds(3);
        await(first.applyReward("slate", "a", 0.25, now));
        await(first.applyReward("slate", "b", 1, now));

        RewardOutcome a = await(second.applyReward("slate", "a", 1, now));
        RewardOutcome b = await(second.applyReward("slate", "b", 1, now));
        boolean resent = await(second.recordDecision(slate));

        assertThat(List.of(a.status(), b.status())).containsOnly(Status.DUPLICATE);
        assertThat(a.reward()).isEqualTo(0.25);
        assertThat(b.reward()).isEqualTo(1.0);
        // the rewards kept after the record do not make the same decision sent again a clash
        assertThat(resent).isTrue();
        assertThat(await(first.snapshot("p")).sums()).containsEntry("s|evening|a", 0.25)
                .containsEntry("n|evening|a", 1.0).containsEntry("s|evening|b", 1.0);
    }

    @Test
    void keepingTheRewardLeavesAPendingRecordAsItWasAndARewardedOneAFewBytesLonger() {
        PendingDecision d = Decisions.tabular("p", "zXoHB-sXMLXh_K-89diW0Q", "a",
                Duration.ofMinutes(10), null);
        String key = new RedisKeys("once").record("p", d.eventId());
        await(first.recordDecision(d));
        long pending = memoryUsage(key);
        int pendingLength = Integer.parseInt(REDIS.server().cli("strlen", key));

        await(first.applyReward(d.eventId(), null, 0.3, T0.plusSeconds(1)));
        long rewarded = memoryUsage(key);
        int rewardedLength = Integer.parseInt(REDIS.server().cli("strlen", key));

        assertThat(pendingLength).isEqualTo(PendingCodec.encode(d).length);
        // the pair (slot 1, 0.3 as a MessagePack float64): 1 + 9 bytes
        assertThat(rewardedLength - pendingLength).isEqualTo(10);
        assertThat(rewarded - pending).as("MEMORY USAGE %d then %d", pending, rewarded)
                .isBetween(0L, 32L);
    }

    private static long memoryUsage(String key) {
        return Long.parseLong(REDIS.server().cli("memory", "usage", key, "samples", "0"));
    }

    @Test
    void twoInstancesSweepingTogetherSettleEachDecisionOnce() throws Exception {
        int decisions = 600;
        for (int i = 0; i < decisions; i++) {
            Double fallback = i % 2 == 0 ? 0.25 : null;
            await(first.recordDecision(Decisions.tabular("p", "x" + i, "a",
                    Duration.ofSeconds(30), fallback)));
        }
        Instant later = T0.plusSeconds(31);

        List<Callable<Map<Status, Integer>>> sweepers = List.of(
                () -> sweepAll(first, later), () -> sweepAll(second, later),
                () -> sweepAll(first, later), () -> sweepAll(second, later));
        Map<Status, Integer> counts = inParallel(sweepers);
        StatsSnapshot stats = await(first.snapshot("p"));

        assertThat(counts).containsOnly(Map.entry(Status.APPLIED, decisions / 2),
                Map.entry(Status.DROPPED, decisions / 2));
        assertThat(stats.sums()).containsEntry("n||a", decisions / 2.0)
                .containsEntry("s||a", decisions / 2 * 0.25)
                .containsEntry("p||a", 0.0);
    }

    private static Map<Status, Integer> sendAll(RedisStatsStore store, List<String> ids,
            long seed) {
        List<String> order = new ArrayList<>(ids);
        Collections.shuffle(order, new Random(seed));
        Map<Status, Integer> counts = new HashMap<>();
        for (String id : order) {
            int i = Integer.parseInt(id.substring(1));
            RewardOutcome o = await(store.applyReward(id, null, reward(i), T0.plusSeconds(1)));
            counts.merge(o.status(), 1, Integer::sum);
        }
        return counts;
    }

    private static Map<Status, Integer> sweepAll(RedisStatsStore store, Instant now) {
        Map<Status, Integer> counts = new HashMap<>();
        List<RewardOutcome> batch;
        do {
            batch = await(store.expireDue(now, 13));
            batch.forEach(o -> counts.merge(o.status(), 1, Integer::sum));
        } while (!batch.isEmpty());
        return counts;
    }

    /** Rewards in quarters, so every sum is exact in binary. */
    private static double reward(int i) {
        return (i % 5) / 4.0;
    }

    private static Map<Status, Integer> inParallel(
            List<Callable<Map<Status, Integer>>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            Map<Status, Integer> total = new HashMap<>();
            for (Future<Map<Status, Integer>> f : pool.invokeAll(tasks)) {
                f.get().forEach((s, n) -> total.merge(s, n, Integer::sum));
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
