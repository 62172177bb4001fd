package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox journal of a store that dies while Redis is down, brought back by a new store:
 * what the first store accepted reaches Redis exactly once, and bringing the same file back a
 * second time changes nothing, since every operation is idempotent in Redis (the record
 * script knows a decision sent again, a claim by the same placement is no clash, a rewarded
 * slot answers duplicate). The crash is the file as it is on the disk at that moment, copied
 * before the store is closed; Redis keeps an append-only file so that its restart brings back
 * the decisions made before the outage.
 */
class RedisJournalReplayIT {

    private static final Instant NOW = T0.plusSeconds(5);
    private static final Duration WAIT = Duration.ofMinutes(30);

    private Path dir;
    private RedisServer redis;
    private Vertx vertx;
    private final List<RedisStatsStore> stores = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-journal-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        try {
            for (RedisStatsStore s : stores) {
                await(s.close());
            }
            await(vertx.close());
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    private RedisStatsStore connect(Path journal) {
        StoreSettings settings = new StoreSettings(redis.uri(), "replay", Duration.ofSeconds(1),
                Duration.ofMillis(300), 100, Duration.ofSeconds(1), 100, journal);
        RedisStatsStore store = await(RedisStatsStore.connect(vertx, settings));
        stores.add(store);
        return store;
    }

    @Test
    void whatACrashedStoreAcceptedDuringAnOutageCountsOnceAndOnceMoreWhenReplayedAgain()
            throws Exception {
        Path journal = dir.resolve("journal");
        RedisStatsStore first = connect(journal);
        PendingDecision before = Decisions.tabular("artwork", "before", "a", WAIT, null);
        PendingDecision rewardedBefore = Decisions.tabular("artwork", "rewarded", "b", WAIT,
                null);
        await(first.recordDrawnDecision(before));
        await(first.recordDrawnDecision(rewardedBefore));
        await(first.applyReward("rewarded", null, 1, NOW));

        redis.stop();
        PendingDecision drawn = Decisions.tabular("artwork", "drawn", "a", WAIT, null);
        PendingDecision chosen = Decisions.tabular("artwork", "client-id", "b", WAIT, null);
        PendingDecision slate = Decisions.slate("playlist", "slate", List.of("x", "y", "z"),
                WAIT, null);
        List<Boolean> recorded = List.of(await(first.recordDrawnDecision(drawn)),
                await(first.recordDecision(chosen)), await(first.recordDrawnDecision(slate)));
        List<Status> accepted = List.of(
                await(first.applyReward("before", null, 1, NOW)).status(),
                await(first.applyReward("drawn", null, 0.5, NOW)).status(),
                await(first.applyReward("client-id", null, 1, NOW)).status(),
                await(first.applyReward("slate", "x", 1, NOW)).status(),
                await(first.applyReward("slate", "y", 0.25, NOW)).status());
        Path once = JournalFixtures.crashImage(journal, dir);
        Path twice = JournalFixtures.crashImage(journal, dir);
        // the first store never reaches Redis again: it is closed while Redis is down
        await(first.close());
        stores.remove(first);
        redis.restart();

        List<String> replayLines;
        // what a replay applied is handed to the first listener as it is set, on this thread
        List<String> handedOnce = new ArrayList<>();
        List<String> handedTwice = new ArrayList<>();
        RedisStatsStore second;
        RedisStatsStore third;
        long versionAfterFirstReplay;
        try (JournalFixtures.Log log = new JournalFixtures.Log(RedisStatsStore.class)) {
            second = connect(once);
            second.onBufferedRewardApplied(o -> handedOnce.add(written(o)));
            versionAfterFirstReplay = await(second.snapshot("artwork")).version();
            Map<String, Double> afterFirst = await(second.snapshot("artwork")).sums();
            third = connect(twice);
            third.onBufferedRewardApplied(o -> handedTwice.add(written(o)));
            assertThat(await(third.snapshot("artwork")).sums()).isEqualTo(afterFirst);
            replayLines = log.messages(Level.INFO).stream()
                    .filter(m -> m.contains("replayed")).toList();
        }
        List<StatsSnapshot> last = List.of(await(third.snapshot("artwork")),
                await(third.snapshot("playlist")));
        for (RedisStatsStore store : List.of(second, third)) {
            await(store.close());
            stores.remove(store);
        }

        assertThat(recorded).containsOnly(true);
        assertThat(accepted).containsOnly(Status.QUEUED);
        Decisions.Expected artwork = new Decisions.Expected().decided(before)
                .decided(rewardedBefore).rewarded(rewardedBefore, 0, 1)
                .decided(drawn).decided(chosen)
                .rewarded(before, 0, 1).rewarded(drawn, 0, 0.5).rewarded(chosen, 0, 1);
        Decisions.Expected playlist = new Decisions.Expected().decided(slate)
                .rewarded(slate, 0, 1).rewarded(slate, 1, 0.25);
        assertSums(last.get(0), artwork.sums);
        assertSums(last.get(1), playlist.sums);
        // 4 decisions and 4 rewards changed the artwork sums, each once
        assertThat(versionAfterFirstReplay).isEqualTo(8);
        assertThat(handedOnce).containsExactlyInAnyOrder("before/a 1.0", "drawn/a 0.5",
                "client-id/b 1.0", "slate/x 1.0", "slate/y 0.25");
        // the second replay's rewards found their slots rewarded: none is handed on again
        assertThat(handedTwice).isEmpty();
        assertThat(last.get(0).version()).isEqualTo(8);
        assertThat(last.get(1).version()).isEqualTo(3);
        assertThat(replayLines).containsExactly(
                "Outbox journal " + once.resolve(OutboxJournal.FILE) + ": replayed 8"
                        + " operations left by an earlier run; all written to Redis",
                "Outbox journal " + twice.resolve(OutboxJournal.FILE) + ": replayed 8"
                        + " operations left by an earlier run; all written to Redis");
        assertThat(once.resolve(OutboxJournal.FILE)).doesNotExist();
        assertThat(twice.resolve(OutboxJournal.FILE)).doesNotExist();
    }

    /** An applied outcome as event/arm reward. */
    private static String written(RewardOutcome outcome) {
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        return outcome.decision().eventId() + "/" + outcome.slot().armId() + " "
                + outcome.reward();
    }

    private static void assertSums(StatsSnapshot snapshot, Map<String, Double> expected) {
        assertThat(snapshot.sums().keySet()).containsExactlyInAnyOrderElementsOf(
                expected.keySet());
        expected.forEach((field, sum) -> assertThat(snapshot.sums().get(field))
                .as(field).isCloseTo(sum, within(1e-12 * Math.max(1, Math.abs(sum)))));
    }
}
