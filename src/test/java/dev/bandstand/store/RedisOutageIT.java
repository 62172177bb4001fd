package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static dev.bandstand.store.Decisions.runOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.StoreSettings;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped, restarted and frozen under a running store: every reward the store
 * acknowledged (APPLIED or QUEUED) ends in the statistics exactly once. The server here keeps
 * an append-only file (fsync on every write) so that a restart brings back what it
 * acknowledged, as a production Redis with persistence would.
 */
class RedisOutageIT {

    private static final Instant NOW = Instant.now();

    private Path dir;
    private RedisServer redis;
    private Vertx vertx;
    private RedisStatsStore store;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-outage-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        vertx = Vertx.vertx();
        store = await(RedisStatsStore.connect(vertx, settings(1000)));
    }

    @AfterEach
    void stop() {
        try {
            await(store.close());
            await(vertx.close());
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    private StoreSettings settings(int rewardBuffer) {
        return new StoreSettings(redis.uri(), "out", Duration.ofSeconds(1),
                Duration.ofMillis(300), rewardBuffer, Duration.ofSeconds(1));
    }

    @Test
    void redisStoppedAndRestartedMidRunLosesNoAcknowledgedRewardAndDoublesNone() {
        int before = 150;
        int during = 50;
        for (int i = 0; i < before; i++) {
            await(store.recordDecision(decision("e" + i)));
        }
        Map<Status, Integer> acknowledged = new EnumMap<>(Status.class);

        for (int i = 0; i < before / 2; i++) {
            count(acknowledged, await(store.applyReward("e" + i, null, 1, NOW)));
        }
        redis.stop();
        for (int i = before / 2; i < before; i++) {
            count(acknowledged, await(store.applyReward("e" + i, null, 1, NOW)));
        }
        for (int i = 0; i < during; i++) {
            assertThat(await(store.recordDecision(decision("d" + i)))).isTrue();
            count(acknowledged, await(store.applyReward("d" + i, null, 1, NOW)));
        }
        boolean degradedWhileDown = store.degraded();
        redis.restart();
        awaitTrue(() -> !store.degraded());
        Map<Status, Integer> resent = new EnumMap<>(Status.class);
        for (int i = 0; i < before; i++) {
            count(resent, await(store.applyReward("e" + i, null, 1, NOW)));
        }
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(degradedWhileDown).isTrue();
        assertThat(acknowledged.get(Status.APPLIED)).isEqualTo(before / 2);
        assertThat(acknowledged.get(Status.QUEUED)).isEqualTo(before / 2 + during);
        assertThat(resent).containsOnly(Map.entry(Status.DUPLICATE, before));
        assertThat(stats.sums()).containsEntry("n||a", (double) before + during)
                .containsEntry("p||a", 0.0);
        assertThat(stats.version()).isEqualTo(2L * (before + during));
    }

    @Test
    void decisionsAnsweredBeforeRedisHadThemSurviveAFreezeAndCountOnce() {
        int decisions = 20;
        redis.pause();
        Map<Status, Integer> acknowledged = new EnumMap<>(Status.class);
        boolean degraded;
        try {
            for (int i = 0; i < decisions; i++) {
                await(store.recordDrawnDecision(decision("n" + i)));
            }
            for (int i = 0; i < decisions; i++) {
                count(acknowledged, await(store.applyReward("n" + i, null, 1, NOW)));
            }
            degraded = store.degraded();
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded());
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(degraded).isTrue();
        assertThat(acknowledged).containsOnly(Map.entry(Status.QUEUED, decisions));
        assertThat(stats.sums()).containsEntry("n||a", (double) decisions)
                .containsEntry("p||a", 0.0);
        assertThat(stats.version()).isEqualTo(2L * decisions);
    }

    @Test
    void aRewardInFlightWhileRedisIsFrozenLongerThanTheTimeoutIsCountedOnce() {
        await(store.recordDecision(decision("frozen")));

        redis.pause();
        RewardOutcome outcome;
        boolean degraded;
        try {
            outcome = await(store.applyReward("frozen", null, 0.5, NOW));
            degraded = store.degraded();
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded());
        RewardOutcome again = await(store.applyReward("frozen", null, 0.5, NOW));
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(outcome.status()).isEqualTo(Status.QUEUED);
        assertThat(degraded).isTrue();
        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(stats.sums()).containsEntry("n||a", 1.0).containsEntry("s||a", 0.5);
        assertThat(stats.version()).isEqualTo(2);
    }

    @Test
    void aSecondRewardForTheSameEventWhileRedisIsFrozenIsADuplicateNotAcceptedAndDropped() {
        await(store.recordDecision(decision("twice")));

        redis.pause();
        RewardOutcome first;
        RewardOutcome second;
        try {
            first = await(store.applyReward("twice", null, 1, NOW));
            second = await(store.applyReward("twice", null, 0, NOW));
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded());
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(first.status()).isEqualTo(Status.QUEUED);
        assertThat(second.status()).isEqualTo(Status.DUPLICATE);
        assertThat(stats.sums()).containsEntry("n||a", 1.0).containsEntry("s||a", 1.0);
    }

    @Test
    void beyondTheBufferBoundRewardsAreRefusedAsUnavailableAndNothingIsRecorded() {
        await(store.close());
        store = await(RedisStatsStore.connect(vertx, settings(3)));
        for (int i = 0; i < 4; i++) {
            await(store.recordDecision(decision("b" + i)));
        }

        redis.pause();
        List<Status> accepted = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                accepted.add(await(store.applyReward("b" + i, null, 1, NOW)).status());
            }
            assertThatThrownBy(() -> await(store.applyReward("b3", null, 1, NOW)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("3 buffered rewards");
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded());
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(accepted).containsOnly(Status.QUEUED);
        assertThat(stats.sums()).containsEntry("n||a", 3.0).containsEntry("p||a", 1.0);
    }

    @Test
    void aClientsEventIdDecidedWhileRedisIsDownIsClaimedWhenWrittenAndLosesToAnEarlierClaim() {
        RedisStatsStore other = await(RedisStatsStore.connect(vertx, settings(1000)));
        PendingDecision earlier = decision("order-9");
        await(other.recordDecision(new PendingDecision("order-9", "q", NOW, earlier.expiresAt(),
                1.0, null, earlier.slots(), null)));
        await(other.close());

        redis.pause();
        boolean accepted;
        Status reward;
        try {
            accepted = await(store.recordDecision(decision("order-9")));
            reward = await(store.applyReward("order-9", null, 1, NOW)).status();
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded());

        assertThat(accepted).isTrue();
        assertThat(reward).isEqualTo(Status.QUEUED);
        assertThat(await(store.snapshot("p")).version()).isZero();
        assertThat(await(store.snapshot("q")).sums()).containsEntry("p||a", 1.0)
                .doesNotContainKey("n||a");
    }

    @Test
    void oneClientEventIdDecidedTwiceWhileRedisIsDownIsRecordedOnceAndItsRewardJoinsIt() {
        PendingDecision first = decision("order-7");
        redis.pause();
        boolean firstAccepted;
        boolean secondAccepted;
        Status reward;
        try {
            firstAccepted = await(store.recordDecision(first));
            secondAccepted = await(store.recordDecision(new PendingDecision("order-7", "q", NOW,
                    first.expiresAt(), 1.0, null, first.slots(), null)));
            reward = await(store.applyReward("order-7", null, 1, NOW)).status();
        } finally {
            redis.resume();
        }
        awaitTrue(() -> !store.degraded() && store.buffered() == 0);

        assertThat(List.of(firstAccepted, secondAccepted)).containsExactly(true, false);
        assertThat(reward).isEqualTo(Status.QUEUED);
        assertThat(await(store.snapshot("p")).sums()).containsEntry("n||a", 1.0);
        assertThat(await(store.snapshot("q")).sums()).isEmpty();
    }

    @Test
    void aBufferedRewardAppliedWhenWrittenIsHandedToTheListenerOnceOnItsContext() {
        await(store.recordDecision(decision("queued")));
        await(store.recordDecision(decision("rewarded")));
        await(store.applyReward("rewarded", null, 1, NOW));
        Context listening = vertx.getOrCreateContext();
        List<RewardOutcome> handed = new CopyOnWriteArrayList<>();
        List<Boolean> onItsContext = new CopyOnWriteArrayList<>();
        runOn(listening, () -> store.onBufferedRewardApplied(outcome -> {
            handed.add(outcome);
            onItsContext.add(Vertx.currentContext() == listening);
        }));

        redis.stop();
        List<Status> accepted = List.of(
                await(store.applyReward("queued", null, 0.5, NOW)).status(),
                await(store.applyReward("rewarded", null, 1, NOW)).status());
        redis.restart();
        awaitTrue(() -> !store.degraded());
        // every outcome was handed on before the buffer emptied, so before this runs
        runOn(listening, () -> { });

        assertThat(accepted).containsOnly(Status.QUEUED);
        // the reward for the event rewarded before the outage was a duplicate: not handed on
        assertThat(handed).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.APPLIED);
            assertThat(o.decision().eventId()).isEqualTo("queued");
            assertThat(o.slot().armId()).isEqualTo("a");
            assertThat(o.reward()).isEqualTo(0.5);
            assertThat(o.late()).isFalse();
        });
        assertThat(onItsContext).containsExactly(true);
    }

    @Test
    void closeWritesTheBufferOnceRedisAnswersAgain() {
        for (int i = 0; i < 5; i++) {
            await(store.recordDecision(decision("c" + i)));
        }
        redis.pause();
        for (int i = 0; i < 5; i++) {
            assertThat(await(store.applyReward("c" + i, null, 1, NOW)).status())
                    .isEqualTo(Status.QUEUED);
        }

        io.vertx.core.Future<Void> closed = store.close();
        RedisServer.sleep(1000);
        redis.resume();
        await(closed);
        store = await(RedisStatsStore.connect(vertx, settings(1000)));
        StatsSnapshot stats = await(store.snapshot("p"));

        assertThat(stats.sums()).containsEntry("n||a", 5.0).containsEntry("p||a", 0.0);
    }

    private static PendingDecision decision(String eventId) {
        Slot slot = new Slot("a", 0.5, new TabularUpdate("a", List.of("x", "")));
        return new PendingDecision(eventId, "p", NOW, NOW.plus(Duration.ofHours(1)), 1.0, null,
                List.of(slot), null);
    }

    private static void count(Map<Status, Integer> counts, RewardOutcome outcome) {
        counts.merge(outcome.status(), 1, Integer::sum);
    }

    /** Waits (at most 30 s) for a condition; fails the test when it never holds. */
    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition did not hold within 30 s");
            }
            RedisServer.sleep(50);
        }
    }
}
