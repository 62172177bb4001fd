package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.StoreSettings;
import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What only the Redis store must show on a real redis-server: the Lua expansion equals
 * {@link dev.bandstand.policy.StatsFields}, idempotent retries, restarts, memory per pending
 * decision, and completion on the caller's context.
 */
class RedisStoreBehaviourIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private static Vertx vertx;
    private StoreSettings settings;
    private RedisStatsStore store;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        await(vertx.close());
    }

    @BeforeEach
    void connect() {
        settings = settings(REDIS.uri(), "t" + PREFIXES.incrementAndGet());
        store = await(RedisStatsStore.connect(vertx, settings));
    }

    @AfterEach
    void close() {
        await(store.close());
    }

    static StoreSettings settings(String uri, String prefix) {
        return new StoreSettings(uri, prefix, Duration.ofSeconds(1), Duration.ofMillis(500),
                1000, Duration.ofSeconds(1));
    }

    @Test
    void tabularRewardAddsExactlyTheStatsFieldsIncrements() {
        PendingDecision d = Decisions.tabular("artwork", "e1", "art-3", Duration.ofMinutes(1),
                null);

        await(store.recordDecision(d));
        RewardOutcome outcome = await(store.applyReward("e1", null, 0.7, T0.plusSeconds(5)));

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.slot()).isEqualTo(d.slots().get(0));
        assertThat(outcome.decision()).isEqualTo(d);
        assertThat(outcome.version()).isEqualTo(2);
        assertSums("artwork", new Decisions.Expected().decided(d).rewarded(d, 0, 0.7).sums);
    }

    @Test
    void linearDecisionsRewardedAndDroppedMatchStatsFields() {
        PendingDecision rewarded = Decisions.linear("tracks", "l1", "t-1", 1.5);
        PendingDecision noDefault = new PendingDecision("l2", "tracks", T0, T0.plusSeconds(60),
                0.75, null, Decisions.linear("tracks", "l2", "t-2", 1).slots(), null);

        await(store.recordDecision(rewarded));
        await(store.recordDecision(noDefault));
        await(store.applyReward("l1", "t-1", 0.3, T0.plusSeconds(1)));
        List<RewardOutcome> swept = await(store.expireDue(T0.plusSeconds(61), 100));

        assertThat(swept).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Status.DROPPED);
            assertThat(o.decision().eventId()).isEqualTo("l2");
            assertThat(o.reward()).isNaN();
        });
        assertSums("tracks", new Decisions.Expected().decided(rewarded).decided(noDefault)
                .rewarded(rewarded, 0, 0.3).dropped(noDefault, 0).sums);
    }

    @Test
    void slateSlotsAreRewardedOnceEachAndTheSweepDefaultsTheReachedOnes() {
        PendingDecision d = Decisions.slate("playlist", "s1", List.of("a", "b", "c"),
                Duration.ofSeconds(30), 0.2);

        await(store.recordDecision(d));
        Status noArm = await(store.applyReward("s1", null, 1, T0)).status();
        Status first = await(store.applyReward("s1", "b", 1, T0)).status();
        Status again = await(store.applyReward("s1", "b", 0, T0)).status();
        Status other = await(store.applyReward("s1", "z", 1, T0)).status();
        List<RewardOutcome> swept = await(store.expireDue(T0.plusSeconds(31), 10));

        assertThat(List.of(noArm, first, again, other)).containsExactly(Status.ARM_REQUIRED,
                Status.APPLIED, Status.DUPLICATE, Status.UNKNOWN_ARM);
        // the cascade rule: b was reached, so a was too; c, after it, was not
        assertThat(swept).extracting(o -> o.slot().armId() + ":" + o.status())
                .containsExactly("a:APPLIED", "c:DROPPED");
        assertThat(swept.get(0).reward()).isEqualTo(0.2);
        assertSums("playlist", new Decisions.Expected().decided(d).rewarded(d, 1, 1)
                .rewarded(d, 0, 0.2).dropped(d, 2).sums);
    }

    @Test
    void resendingTheSameDecisionCountsOnceButAnotherDecisionCannotTakeItsId() {
        PendingDecision d = Decisions.tabular("artwork", "r1", "art-1", Duration.ofMinutes(1),
                null);
        PendingDecision other = Decisions.tabular("artwork", "r1", "art-2",
                Duration.ofMinutes(1), null);

        boolean first = await(store.recordDecision(d));
        boolean retry = await(store.recordDecision(d));
        boolean clash = await(store.recordDecision(other));

        assertThat(List.of(first, retry, clash)).containsExactly(true, true, false);
        assertSums("artwork", new Decisions.Expected().decided(d).sums);
    }

    @Test
    void onlyAClientsEventIdIsClaimedInItsOwnKeyAndTheClaimLivesAsLongAsItsRecord() {
        PendingDecision client = Decisions.tabular("artwork", "order-17", "art-1",
                Duration.ofMinutes(1), null);
        PendingDecision drawn = Decisions.tabular("artwork", "zXoHB-sXMLXh_K-89diW0Q", "art-1",
                Duration.ofMinutes(1), null);
        RedisKeys keys = new RedisKeys(settings.prefix());

        await(store.recordDecision(client));
        await(store.recordDrawnDecision(drawn));
        String holder = REDIS.server().cli("get", keys.claim("order-17"));
        long claimTtl = Long.parseLong(REDIS.server().cli("pttl", keys.claim("order-17")));
        long recordTtl = Long.parseLong(REDIS.server().cli("pttl",
                keys.record("artwork", "order-17")));
        String drawnClaims = REDIS.server().cli("exists", keys.claim(drawn.eventId()));

        assertThat(holder).isEqualTo("artwork");
        assertThat(claimTtl).isBetween(recordTtl - 5_000, recordTtl + 5_000);
        assertThat(drawnClaims).isEqualTo("0");
    }

    @Test
    void aClientReusingADrawnIdInAnotherPlacementIsRefusedAndLeavesNoClaimBehind() {
        PendingDecision drawn = Decisions.tabular("artwork", "zXoHB-sXMLXh_K-89diW0Q", "art-1",
                Duration.ofMinutes(1), null);
        PendingDecision reuse = Decisions.tabular("tracks", drawn.eventId(), "t-1",
                Duration.ofMinutes(1), null);
        RedisKeys keys = new RedisKeys(settings.prefix());

        await(store.recordDrawnDecision(drawn));
        boolean recorded = await(store.recordDecision(reuse));
        String claims = REDIS.server().cli("exists", keys.claim(drawn.eventId()));

        assertThat(recorded).isFalse();
        // a claim left here would refuse the id in artwork too once its decision is gone
        assertThat(claims.trim()).isEqualTo("0");
    }

    @Test
    void aRewardAfterTheWaitIsExpiredAndTheSweepSettlesOnce() {
        PendingDecision d = Decisions.tabular("artwork", "x1", "art-1", Duration.ofSeconds(10),
                0.4);
        await(store.recordDecision(d));

        Status late = await(store.applyReward("x1", null, 1, T0.plusSeconds(11))).status();
        List<RewardOutcome> justBefore = await(store.expireDue(d.expiresAt().minusNanos(1), 10));
        List<RewardOutcome> first = await(store.expireDue(d.expiresAt(), 10));
        List<RewardOutcome> second = await(store.expireDue(T0.plusSeconds(12), 10));
        Status afterSweep = await(store.applyReward("x1", null, 1, T0.plusSeconds(12)))
                .status();

        assertThat(late).isEqualTo(Status.EXPIRED);
        assertThat(justBefore).isEmpty();
        assertThat(first).singleElement().extracting(RewardOutcome::reward).isEqualTo(0.4);
        assertThat(second).isEmpty();
        assertThat(afterSweep).isEqualTo(Status.EXPIRED);
        assertSums("artwork", new Decisions.Expected().decided(d).rewarded(d, 0, 0.4).sums);
    }

    @Test
    void aRewardAcceptedInTimeButWrittenAfterTheSweepReplacesWhatTheSweepDid() {
        // as a reward buffered by an instance that could not reach Redis while another swept
        PendingDecision defaulted = Decisions.tabular("artwork", "w1", "art-1",
                Duration.ofSeconds(10), 0.4);
        Slot tagged = new Slot("t-1", 0.5, new TaggedUpdate("v1", true,
                Decisions.linear("tracks", "w2", "t-1", 1).slots().get(0).update()));
        PendingDecision dropped = new PendingDecision("w2", "tracks", T0, T0.plusSeconds(10),
                1.5, null, List.of(tagged), null);
        await(store.recordDecision(defaulted));
        await(store.recordDecision(dropped));
        List<RewardOutcome> swept = await(store.expireDue(T0.plusSeconds(11), 10));
        Instant inTime = T0.plusSeconds(9);

        RewardOutcome first = await(store.applyReward("w1", null, 1, inTime));
        RewardOutcome other = await(store.applyReward("w2", "t-1", 0.5, inTime));
        RewardOutcome again = await(store.applyReward("w1", null, 0, inTime));

        assertThat(swept).extracting(RewardOutcome::status)
                .containsExactlyInAnyOrder(Status.APPLIED, Status.DROPPED);
        assertThat(List.of(first.status(), other.status(), again.status()))
                .containsExactly(Status.APPLIED, Status.APPLIED, Status.DUPLICATE);
        assertSums("artwork", new Decisions.Expected().decided(defaulted)
                .rewarded(defaulted, 0, 1).sums);
        assertSums("tracks", new Decisions.Expected().decided(dropped)
                .rewarded(dropped, 0, 0.5).sums);
    }

    @Test
    void anUnknownEventChangesNothing() {
        PendingDecision d = Decisions.tabular("artwork", "k1", "art-1", Duration.ofMinutes(1),
                null);
        await(store.recordDecision(d));

        RewardOutcome outcome = await(store.applyReward("nope", null, 1, T0));

        assertThat(outcome.status()).isEqualTo(Status.UNKNOWN_EVENT);
        assertThat(outcome.decision()).isNull();
        assertThat(await(store.snapshot("artwork")).version()).isEqualTo(1);
    }

    @Test
    void aNewStoreInstanceStartsFromTheStatisticsInRedis() {
        PendingDecision d = Decisions.tabular("artwork", "n1", "art-1", Duration.ofMinutes(1),
                null);
        await(store.recordDecision(d));
        StatsSnapshot before = await(store.snapshot("artwork"));
        await(store.close());

        store = await(RedisStatsStore.connect(vertx, settings));
        StatsSnapshot after = await(store.snapshot("artwork"));
        RewardOutcome outcome = await(store.applyReward("n1", null, 1, T0.plusSeconds(1)));

        assertThat(after).isEqualTo(before);
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.version()).isEqualTo(before.version() + 1);
    }

    @Test
    void aPendingTabularDecisionTakesAtMost256BytesInRedisWithEveryKeyCounted() {
        // 300 decisions ending over 30 s (10 a second), 22-char ids as the service draws them,
        // four bucket keys; counted: records, deadline buckets and the deadline index, that is
        // every key of the placement but its sums hash (one per placement)
        Random random = new Random(7);
        int decisions = 300;
        List<Future<Boolean>> recorded = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            byte[] id = new byte[16];
            random.nextBytes(id);
            String eventId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
            Duration wait = Duration.ofMinutes(30).plusMillis(100L * i);
            recorded.add(store.recordDrawnDecision(Decisions.tabular("artwork", eventId,
                    "long-weekend-romance", wait, 0.0)));
        }
        await(Future.all(recorded));
        await(store.expireDue(T0, 1)); // writes the batches; nothing is due yet

        String prefix = settings.prefix() + ":{artwork}:";
        long total = Long.parseLong(REDIS.server().cli("eval", "local t = 0 for _, k in ipairs("
                + "redis.call('KEYS', ARGV[1])) do if k ~= ARGV[2] then t = t + redis.call("
                + "'MEMORY', 'USAGE', k, 'SAMPLES', '0') end end return t", "0", prefix + "*",
                prefix + "s"));
        long buckets = Long.parseLong(REDIS.server().cli("zcard", prefix + "d"));

        assertThat(buckets).isBetween(30L, 31L);
        assertThat(total / decisions).as("bytes per pending decision").isLessThanOrEqualTo(256);
    }

    @Test
    void aRewardForADecisionStillInItsBatchJoinsIt() {
        PendingDecision d = Decisions.tabular("artwork", "b1", "art-1", Duration.ofMinutes(1),
                null);

        Future<Boolean> answered = store.recordDrawnDecision(d); // not waited for
        RewardOutcome outcome = await(store.applyReward("b1", null, 1, T0.plusSeconds(1)));

        assertThat(await(answered)).isTrue();
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertSums("artwork", new Decisions.Expected().decided(d).rewarded(d, 0, 1).sums);
    }

    @Test
    void rewardsSentTogetherAreJoinedInOrderPerPlacement() {
        PendingDecision a = Decisions.tabular("artwork", "j1", "art-1", Duration.ofMinutes(1),
                null);
        PendingDecision t = Decisions.tabular("tracks", "j2", "t-1", Duration.ofMinutes(1),
                null);
        await(store.recordDecision(a));
        await(store.recordDecision(t));

        Future<RewardOutcome> first = store.applyReward("j1", null, 1, T0.plusSeconds(1));
        Future<RewardOutcome> again = store.applyReward("j1", null, 0, T0.plusSeconds(1));
        Future<RewardOutcome> other = store.applyReward("j2", null, 0.5, T0.plusSeconds(1));
        await(Future.all(first, again, other));

        assertThat(first.result().status()).isEqualTo(Status.APPLIED);
        assertThat(again.result().status()).isEqualTo(Status.DUPLICATE);
        assertThat(other.result().status()).isEqualTo(Status.APPLIED);
        assertThat(first.result().version()).isEqualTo(2);
        assertSums("artwork", new Decisions.Expected().decided(a).rewarded(a, 0, 1).sums);
        assertSums("tracks", new Decisions.Expected().decided(t).rewarded(t, 0, 0.5).sums);
    }

    @Test
    void closingWritesTheDecisionsStillInTheirBatch() {
        List<PendingDecision> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(Decisions.tabular("artwork", "h" + i, "art-1", Duration.ofMinutes(1),
                    null));
            store.recordDrawnDecision(held.get(i));
        }

        await(store.close());
        store = await(RedisStatsStore.connect(vertx, settings));
        RewardOutcome outcome = await(store.applyReward("h4", null, 1, T0.plusSeconds(1)));

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        Decisions.Expected expected = new Decisions.Expected();
        held.forEach(expected::decided);
        assertSums("artwork", expected.rewarded(held.get(4), 0, 1).sums);
    }

    @Test
    void afterRedisLostItsDataTheNextSyncNamesThePlacementAgainForTheSweepAndOtherInstances() {
        await(store.recordDecision(Decisions.tabular("artwork", "l0", "art-1",
                Duration.ofSeconds(10), 0.0)));
        await(store.snapshot("artwork"));
        REDIS.flushAll(); // a restart without persistence
        PendingDecision d = Decisions.tabular("artwork", "l1", "art-1", Duration.ofSeconds(10),
                0.25);
        await(store.recordDecision(d));

        await(store.snapshot("artwork")); // the sync
        RedisStatsStore other = await(RedisStatsStore.connect(vertx, settings));
        PendingDecision found = await(other.decision("l1"));
        await(other.close());
        List<RewardOutcome> swept = await(store.expireDue(T0.plusSeconds(10), 10));

        assertThat(found).isEqualTo(d);
        assertThat(swept).singleElement().extracting(RewardOutcome::reward).isEqualTo(0.25);
        assertSums("artwork", new Decisions.Expected().decided(d).rewarded(d, 0, 0.25).sums);
    }

    @Test
    void anotherStoreFindsTheDecisionInWhicheverPlacementItIs() {
        PendingDecision d = Decisions.tabular("tracks", "o1", "t-1", Duration.ofMinutes(1),
                null);
        await(store.recordDecision(Decisions.tabular("artwork", "o0", "a-1",
                Duration.ofMinutes(1), null)));
        await(store.recordDecision(d));

        RedisStatsStore other = await(RedisStatsStore.connect(vertx, settings));
        PendingDecision found = await(other.decision("o1"));
        RewardOutcome outcome = await(other.applyReward("o1", null, 1, T0.plusSeconds(1)));
        RewardOutcome unknown = await(other.applyReward("o2", null, 1, T0.plusSeconds(1)));
        await(other.close());

        assertThat(found).isEqualTo(d);
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.decision()).isEqualTo(d);
        assertThat(unknown.status()).isEqualTo(Status.UNKNOWN_EVENT);
    }

    @Test
    void taggedLinearSlotsAddExactlyTheStatsFieldsIncrements() {
        double[] x = {1.0, 0.0, 0.5, -0.25, 0.1 + 0.2};
        Slot trains = new Slot("a", 0.5, new TaggedUpdate("v1", true, new LinearUpdate("a", x)));
        Slot holdout = new Slot("b", 0.5,
                new TaggedUpdate("holdout", false, new LinearUpdate("b", x)));
        PendingDecision d = new PendingDecision("g1", "tracks", T0, T0.plusSeconds(60), 1.5,
                null, List.of(trains, holdout), null);

        await(store.recordDecision(d));
        await(store.applyReward("g1", "a", 0.7, T0.plusSeconds(5)));
        List<RewardOutcome> swept = await(store.expireDue(T0.plusSeconds(60), 10));

        assertThat(swept).extracting(RewardOutcome::status).containsExactly(Status.DROPPED);
        assertSums("tracks",
                new Decisions.Expected().decided(d).rewarded(d, 0, 0.7).dropped(d, 1).sums);
    }

    @Test
    void forgettingAPersonReachesEveryPlacementAndEmptiesTheirSets() {
        String alice = "a1".repeat(32);
        RedisKeys keys = new RedisKeys(settings.prefix());
        for (String placement : List.of("artwork", "tracks")) {
            Slot slot = new Slot("a", 0.5, new TabularUpdate("a", List.of("")));
            await(store.recordDecision(new PendingDecision("f-" + placement, placement, T0,
                    T0.plusSeconds(60), 1, null, List.of(slot), "u:" + alice + "\n{}")));
        }
        long ttl = Long.parseLong(REDIS.server().cli("pttl", keys.user("tracks", alice)));

        int changed = await(store.forgetUser(alice));
        RedisStatsStore fresh = await(RedisStatsStore.connect(vertx, settings));
        PendingDecision artwork = await(fresh.decision("f-artwork"));
        PendingDecision tracks = await(fresh.decision("f-tracks"));
        await(fresh.close());

        assertThat(ttl).isPositive();
        assertThat(changed).isEqualTo(2);
        assertThat(artwork.log()).isNull();
        assertThat(tracks.log()).isNull();
        assertThat(tracks.slots()).hasSize(1);
        assertThat(REDIS.server().cli("exists", keys.user("tracks", alice))).isEqualTo("0");
    }

    @Test
    void futuresCompleteOnTheCallersContext() throws Exception {
        Context context = vertx.getOrCreateContext();
        PendingDecision d = Decisions.tabular("artwork", "c1", "art-1", Duration.ofMinutes(1),
                null);
        Promise<Boolean> sameContext = Promise.promise();

        context.runOnContext(v -> store.recordDecision(d)
                .compose(ok -> store.applyReward("c1", null, 1, T0))
                .onComplete(ar -> sameContext.complete(Vertx.currentContext() == context)));

        assertThat(await(sameContext.future())).isTrue();
    }

    private void assertSums(String placement, Map<String, Double> expected) {
        StatsSnapshot snapshot = await(store.snapshot(placement));
        assertThat(snapshot.sums().keySet()).containsExactlyInAnyOrderElementsOf(
                expected.keySet());
        expected.forEach((field, sum) -> assertThat(snapshot.sums().get(field))
                .as(field).isCloseTo(sum, within(1e-12 * Math.max(1, Math.abs(sum)))));
    }
}
