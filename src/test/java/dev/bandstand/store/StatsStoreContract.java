package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.store.RewardOutcome.Status;
import io.vertx.core.Future;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StatsStore} shares. A store's test extends this class and says
 * how to make a fresh, empty store; every expected sum below is worked out by hand from
 * {@link StatsFields}. Rewards are multiples of 1/4 so that sums are exact in binary.
 */
public abstract class StatsStoreContract extends StoreFixture {

    protected static final String PLACEMENT = "artwork";
    protected static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
    protected static final Duration WAIT = Duration.ofMinutes(10);

    @Test
    void recordThenRewardAppliesTabularSumsExactly() throws Exception {
        PendingDecision d = tabular("e1", "a", 0.0);

        boolean recorded = await(store.recordDecision(d));
        StatsSnapshot pending = await(store.snapshot(PLACEMENT));
        RewardOutcome outcome = await(store.applyReward("e1", null, 0.75, T0.plusSeconds(5)));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(recorded).isTrue();
        assertThat(pending.version()).isEqualTo(1);
        assertThat(sum(pending, "p|morning/phone|a")).isEqualTo(1.0);
        assertThat(sum(pending, "p||a")).isEqualTo(1.0);
        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.slot().armId()).isEqualTo("a");
        assertThat(outcome.reward()).isEqualTo(0.75);
        assertThat(outcome.version()).isEqualTo(2);
        assertThat(after.version()).isEqualTo(2);
        for (String bucket : List.of("morning/phone", "")) {
            assertThat(sum(after, "n|" + bucket + "|a")).isEqualTo(1.0);
            assertThat(sum(after, "s|" + bucket + "|a")).isEqualTo(0.75);
            assertThat(sum(after, "q|" + bucket + "|a")).isEqualTo(0.5625);
            assertThat(sum(after, "p|" + bucket + "|a")).isEqualTo(0.0);
        }
    }

    @Test
    void recordThenRewardAppliesLinearSumsExactly() throws Exception {
        // x = (1, 0, 2), weight 2: A += 2 x x' (upper triangle), b += 2 r x, n += 2.
        Slot slot = new Slot("a", 0.5, new LinearUpdate("a", new double[] {1, 0, 2}));
        PendingDecision d = decision("e1", 2.0, null, List.of(slot));

        await(store.recordDecision(d));
        StatsSnapshot pending = await(store.snapshot(PLACEMENT));
        await(store.applyReward("e1", "a", 0.5, T0.plusSeconds(1)));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(sum(pending, "A|0|0")).isEqualTo(2.0);
        assertThat(sum(pending, "A|0|2")).isEqualTo(4.0);
        assertThat(sum(pending, "A|2|2")).isEqualTo(8.0);
        assertThat(sum(pending, "A|0|1")).isEqualTo(0.0);
        assertThat(sum(pending, "p")).isEqualTo(1.0);
        assertThat(sum(after, "b|0")).isEqualTo(1.0);
        assertThat(sum(after, "b|2")).isEqualTo(2.0);
        assertThat(sum(after, "n")).isEqualTo(2.0);
        assertThat(sum(after, "p")).isEqualTo(0.0);
        assertThat(sum(after, "A|2|2")).isEqualTo(8.0);
    }

    @Test
    void recordedDecisionCanBeLookedUpAndUnknownOneIsNull() throws Exception {
        PendingDecision d = slate("e1", 0.5, "a", "b");
        await(store.recordDecision(d));

        PendingDecision found = await(store.decision("e1"));
        PendingDecision missing = await(store.decision("e2"));

        assertThat(found.eventId()).isEqualTo("e1");
        assertThat(found.placement()).isEqualTo(PLACEMENT);
        assertThat(found.expiresAt()).isEqualTo(d.expiresAt());
        assertThat(found.defaultReward()).isEqualTo(0.5);
        assertThat(found.slots()).extracting(Slot::armId).containsExactly("a", "b");
        assertThat(missing).isNull();
    }

    @Test
    void secondRewardForAnEventIsDuplicateAndChangesNothing() throws Exception {
        await(store.recordDecision(tabular("e1", "a", null)));
        await(store.applyReward("e1", null, 1.0, T0.plusSeconds(1)));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));

        RewardOutcome second = await(store.applyReward("e1", null, 0.0, T0.plusSeconds(2)));

        assertThat(second.status()).isEqualTo(Status.DUPLICATE);
        assertThat(second.decision().eventId()).isEqualTo("e1");
        assertThat(await(store.snapshot(PLACEMENT))).isEqualTo(before);
    }

    @Test
    void rewardForAnUnknownEventChangesNothing() throws Exception {
        await(store.recordDecision(tabular("e1", "a", null)));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));

        RewardOutcome outcome = await(store.applyReward("nope", null, 1.0, T0));

        assertThat(outcome.status()).isEqualTo(Status.UNKNOWN_EVENT);
        assertThat(outcome.decision()).isNull();
        assertThat(await(store.snapshot(PLACEMENT))).isEqualTo(before);
    }

    @Test
    void rewardAtTheEndOfTheWaitIsExpiredAndChangesNothing() throws Exception {
        await(store.recordDecision(tabular("e1", "a", 0.5)));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));

        RewardOutcome outcome = await(store.applyReward("e1", null, 1.0, T0.plus(WAIT)));

        assertThat(outcome.status()).isEqualTo(Status.EXPIRED);
        assertThat(await(store.snapshot(PLACEMENT))).isEqualTo(before);
    }

    @Test
    void lateRewardAfterTheSweepIsExpiredNotUnknown() throws Exception {
        await(store.recordDecision(tabular("e1", "a", 0.5)));
        Instant late = T0.plus(WAIT).plusSeconds(30);
        await(store.expireDue(late, 100));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));

        RewardOutcome outcome = await(store.applyReward("e1", null, 1.0, late));

        assertThat(outcome.status()).isEqualTo(Status.EXPIRED);
        assertThat(await(store.snapshot(PLACEMENT))).isEqualTo(before);
    }

    @Test
    void slateRewardNeedsAKnownArmAndEachSlotIsRewardedOnce() throws Exception {
        await(store.recordDecision(slate("e1", null, "a", "b", "c")));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));
        Instant now = T0.plusSeconds(1);

        RewardOutcome noArm = await(store.applyReward("e1", null, 1.0, now));
        RewardOutcome wrongArm = await(store.applyReward("e1", "z", 1.0, now));
        StatsSnapshot unchanged = await(store.snapshot(PLACEMENT));
        RewardOutcome b = await(store.applyReward("e1", "b", 1.0, now));
        RewardOutcome bAgain = await(store.applyReward("e1", "b", 0.0, now));
        RewardOutcome c = await(store.applyReward("e1", "c", 0.25, now));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(noArm.status()).isEqualTo(Status.ARM_REQUIRED);
        assertThat(wrongArm.status()).isEqualTo(Status.UNKNOWN_ARM);
        assertThat(unchanged).isEqualTo(before);
        assertThat(b.status()).isEqualTo(Status.APPLIED);
        assertThat(b.slot().armId()).isEqualTo("b");
        assertThat(bAgain.status()).isEqualTo(Status.DUPLICATE);
        assertThat(c.status()).isEqualTo(Status.APPLIED);
        assertThat(sum(after, "n||a")).isEqualTo(0.0);
        assertThat(sum(after, "p||a")).isEqualTo(1.0);
        assertThat(sum(after, "s||b")).isEqualTo(1.0);
        assertThat(sum(after, "s||c")).isEqualTo(0.25);
        assertThat(after.version()).isEqualTo(before.version() + 2);
    }

    @Test
    void defaultRewardIsAppliedOnceAtExpiry() throws Exception {
        await(store.recordDecision(tabular("e1", "a", 0.25)));
        Instant after = T0.plus(WAIT);

        List<RewardOutcome> first = await(store.expireDue(after, 100));
        List<RewardOutcome> second = await(store.expireDue(after.plusSeconds(1), 100));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(first).hasSize(1);
        assertThat(first.get(0).status()).isEqualTo(Status.APPLIED);
        assertThat(first.get(0).reward()).isEqualTo(0.25);
        assertThat(first.get(0).slot().armId()).isEqualTo("a");
        assertThat(second).isEmpty();
        assertThat(sum(stats, "n||a")).isEqualTo(1.0);
        assertThat(sum(stats, "s||a")).isEqualTo(0.25);
        assertThat(sum(stats, "p||a")).isEqualTo(0.0);
    }

    @Test
    void noDefaultRewardDropsTheDecisionAtExpiry() throws Exception {
        await(store.recordDecision(tabular("e1", "a", null)));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 100));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(RewardOutcome::status).containsExactly(Status.DROPPED);
        assertThat(sum(stats, "n||a")).isEqualTo(0.0);
        assertThat(sum(stats, "p||a")).isEqualTo(0.0);
        assertThat(sum(stats, "p|morning/phone|a")).isEqualTo(0.0);
        assertThat(stats.version()).isEqualTo(2);
    }

    @Test
    void expiryLeavesDecisionsStillWaitingAndRespectsTheLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            await(store.recordDecision(tabular("due" + i, "a", 0.5)));
        }
        await(store.recordDecision(decision("later", 1.0, 0.5,
                List.of(tabularSlot("a")), T0.plus(WAIT).plusSeconds(60))));
        Instant now = T0.plus(WAIT);

        List<RewardOutcome> first = await(store.expireDue(now, 3));
        List<RewardOutcome> rest = await(store.expireDue(now, 100));
        RewardOutcome later = await(store.applyReward("later", null, 1.0, now));

        assertThat(first).hasSize(3);
        assertThat(rest).hasSize(2);
        assertThat(later.status()).isEqualTo(Status.APPLIED);
    }

    @Test
    void expiryGivesTheDefaultOnlyToSlotsWithoutAReward() throws Exception {
        await(store.recordDecision(slate("e1", 0.5, "a", "b")));
        await(store.applyReward("e1", "b", 1.0, T0.plusSeconds(1)));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 100));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(o -> o.slot().armId()).containsExactly("a");
        assertThat(sum(stats, "s||a")).isEqualTo(0.5);
        assertThat(sum(stats, "s||b")).isEqualTo(1.0);
        assertThat(sum(stats, "n||a")).isEqualTo(1.0);
        assertThat(sum(stats, "n||b")).isEqualTo(1.0);
    }

    @Test
    void eventIdRecordedTwiceIsRefusedAndChangesNothing() throws Exception {
        await(store.recordDecision(tabular("e1", "a", null)));
        StatsSnapshot before = await(store.snapshot(PLACEMENT));

        boolean again = await(store.recordDecision(tabular("e1", "b", null)));

        assertThat(again).isFalse();
        assertThat(await(store.snapshot(PLACEMENT))).isEqualTo(before);
    }

    @Test
    void anEventIdTakenInOnePlacementIsRefusedInAnotherWhoeverDrewIt() throws Exception {
        await(store.recordDecision(tabular("client-1", "a", null)));
        await(store.recordDrawnDecision(tabular("drawn-1", "a", null)));

        boolean client = await(store.recordDecision(in("other", tabular("client-1", "b", null))));
        boolean drawn = await(store.recordDecision(in("other", tabular("drawn-1", "b", null))));

        assertThat(List.of(client, drawn)).containsOnly(false);
        assertThat(await(store.snapshot("other")).version()).isZero();
        assertThat(await(store.decision("client-1")).placement()).isEqualTo(PLACEMENT);
    }

    @Test
    void callersRacingWithOneEventIdInTwoPlacementsRecordItOnce() throws Exception {
        int ids = 200;

        List<List<Boolean>> perPlacement = inParallel(2, t -> {
            List<Boolean> recorded = new ArrayList<>();
            for (int i = 0; i < ids; i++) {
                PendingDecision d = tabular("race-" + i, "a", null);
                recorded.add(await(store.recordDecision(t == 0 ? d : in("other", d))));
            }
            return recorded;
        });
        StatsSnapshot mine = await(store.snapshot(PLACEMENT));
        StatsSnapshot other = await(store.snapshot("other"));

        for (int i = 0; i < ids; i++) {
            assertThat(perPlacement.get(0).get(i) ^ perPlacement.get(1).get(i))
                    .as("race-%d recorded by exactly one placement", i).isTrue();
        }
        assertThat(sum(mine, "p||a") + sum(other, "p||a")).isEqualTo(ids);
        assertThat(mine.version() + other.version()).isEqualTo(ids);
    }

    @Test
    void taggedUpdatesAddGroupCountersAndTrainOnlyWhenTheyTrain() throws Exception {
        // explore: rewards 0.5 and (default) 0.25; bandit: reward 0.25, then one dropped.
        await(store.recordDecision(tagged("e1", "explore", false, null)));
        await(store.recordDecision(tagged("e2", "bandit", true, null)));
        await(store.recordDecision(tagged("e3", "explore", false, 0.25)));
        await(store.recordDecision(tagged("e4", "bandit", true, null)));

        await(store.applyReward("e1", null, 0.5, T0.plusSeconds(5)));
        await(store.applyReward("e2", null, 0.25, T0.plusSeconds(5)));
        List<RewardOutcome> swept = await(store.expireDue(T0.plus(WAIT), 10));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(swept).extracting(RewardOutcome::status)
                .containsExactlyInAnyOrder(Status.APPLIED, Status.DROPPED);
        assertThat(sum(after, "x|explore|e")).isEqualTo(2.0);
        assertThat(sum(after, "x|explore|n")).isEqualTo(2.0);
        assertThat(sum(after, "x|explore|s")).isEqualTo(0.75);
        assertThat(sum(after, "x|explore|q")).isEqualTo(0.3125);
        assertThat(sum(after, "x|bandit|e")).isEqualTo(2.0);
        assertThat(sum(after, "x|bandit|n")).isEqualTo(1.0);
        assertThat(sum(after, "x|bandit|s")).isEqualTo(0.25);
        assertThat(sum(after, "x|bandit|q")).isEqualTo(0.0625);
        assertThat(sum(after, "n||a")).isEqualTo(1.0);
        assertThat(sum(after, "s||a")).isEqualTo(0.25);
        assertThat(sum(after, "p||a")).isEqualTo(0.0);
        assertThat(sum(after, "p|morning/phone|a")).isEqualTo(0.0);
    }

    @Test
    void forgottenUserLosesEveryPayloadWhileRewardsStillJoin() throws Exception {
        String alice = "a1".repeat(32);
        await(store.recordDecision(logged("e1", alice)));
        await(store.recordDecision(logged("e2", alice)));
        await(store.recordDecision(logged("e3", alice + "ff")));
        await(store.applyReward("e2", null, 1.0, T0.plusSeconds(1)));

        int changed = await(store.forgetUser(alice));
        int again = await(store.forgetUser(alice));
        RewardOutcome late = await(store.applyReward("e1", null, 0.5, T0.plusSeconds(2)));
        StatsSnapshot after = await(store.snapshot(PLACEMENT));

        assertThat(changed).isEqualTo(2);
        assertThat(again).isZero();
        assertThat(late.status()).isEqualTo(Status.APPLIED);
        assertThat(late.decision().log()).isNull();
        assertThat(await(store.decision("e2")).log()).isNull();
        assertThat(await(store.decision("e3")).carriesUser(alice + "ff")).isTrue();
        assertThat(sum(after, "s||a")).isEqualTo(1.5);
    }

    @Test
    void snapshotOfAPlacementWithoutDataIsEmpty() throws Exception {
        StatsSnapshot snapshot = await(store.snapshot("nothing-here"));

        assertThat(snapshot.version()).isZero();
        assertThat(snapshot.sums().values()).allMatch(v -> v == 0.0);
    }

    @Test
    void manyThreadsRewardingTheSameEventsApplyEachOnceWithExactSums() throws Exception {
        int decisions = 400;
        int threads = 4;
        String[] arms = {"a", "b", "c", "d"};
        Map<String, Double> expectedSum = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < decisions; i++) {
            String arm = arms[i % arms.length];
            await(store.recordDecision(tabular("e" + i, arm, null)));
            expectedSum.merge(arm, reward(i), Double::sum);
            ids.add("e" + i);
        }

        List<List<RewardOutcome>> perThread = inParallel(threads, t -> {
            List<String> order = new ArrayList<>(ids);
            Collections.shuffle(order, new Random(17 + t));
            List<RewardOutcome> outcomes = new ArrayList<>();
            for (String id : order) {
                int i = Integer.parseInt(id.substring(1));
                outcomes.add(await(store.applyReward(id, null, reward(i), T0.plusSeconds(1))));
            }
            return outcomes;
        });
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        Map<Status, Integer> counts = new HashMap<>();
        perThread.forEach(list -> list.forEach(o -> counts.merge(o.status(), 1, Integer::sum)));
        assertThat(counts).containsOnly(
                Map.entry(Status.APPLIED, decisions),
                Map.entry(Status.DUPLICATE, decisions * (threads - 1)));
        for (String arm : arms) {
            assertThat(sum(stats, "n||" + arm)).isEqualTo(decisions / arms.length);
            assertThat(sum(stats, "s||" + arm)).isEqualTo(expectedSum.get(arm));
            assertThat(sum(stats, "p||" + arm)).isEqualTo(0.0);
        }
        assertThat(stats.version()).isEqualTo(2L * decisions);
    }

    @Test
    void twoSweepersRacingSettleEachDecisionOnce() throws Exception {
        int decisions = 300;
        int slots = 0;
        for (int i = 0; i < decisions; i++) {
            Double fallback = i % 2 == 0 ? 0.5 : null;
            PendingDecision d = i % 3 == 0 ? slate("e" + i, fallback, "a", "b")
                    : tabular("e" + i, "a", fallback);
            slots += d.slots().size();
            await(store.recordDecision(d));
        }
        Instant now = T0.plus(WAIT).plusSeconds(1);

        List<List<RewardOutcome>> perSweeper = inParallel(2, t -> {
            List<RewardOutcome> outcomes = new ArrayList<>();
            List<RewardOutcome> batch;
            do {
                batch = await(store.expireDue(now, 7));
                outcomes.addAll(batch);
            } while (!batch.isEmpty());
            return outcomes;
        });
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        Map<String, Integer> settled = new HashMap<>();
        perSweeper.forEach(list -> list.forEach(o -> settled.merge(
                o.decision().eventId() + "/" + o.slot().armId(), 1, Integer::sum)));
        assertThat(settled).hasSize(slots);
        assertThat(settled.values()).containsOnly(1);
        assertThat(sum(stats, "p||a")).isEqualTo(0.0);
        assertThat(sum(stats, "p||b")).isEqualTo(0.0);
        assertThat(sum(stats, "n||a") + sum(stats, "n||b"))
                .isEqualTo(appliedDefaults(decisions));
    }

    /**
     * Slots that got the default 0.5 in the sweeper race: one per even i, since a slate
     * without rewards reached only its first slot (the cascade rule).
     */
    private static double appliedDefaults(int decisions) {
        return (decisions + 1) / 2;
    }

    private static double reward(int i) {
        return (i % 5) / 4.0;
    }

    protected static <T> T await(Future<T> future) throws Exception {
        return future.await(20, TimeUnit.SECONDS);
    }

    protected static double sum(StatsSnapshot snapshot, String field) {
        return snapshot.sums().getOrDefault(field, 0.0);
    }

    protected static PendingDecision tabular(String eventId, String arm, Double fallback) {
        return decision(eventId, 1.0, fallback, List.of(tabularSlot(arm)), T0.plus(WAIT));
    }

    protected static PendingDecision slate(String eventId, Double fallback, String... arms) {
        List<Slot> slots = new ArrayList<>();
        for (String arm : arms) {
            slots.add(tabularSlot(arm));
        }
        return decision(eventId, 1.0, fallback, slots, T0.plus(WAIT));
    }

    /** {@code d} in placement {@code placement}. */
    protected static PendingDecision in(String placement, PendingDecision d) {
        return new PendingDecision(d.eventId(), placement, d.decidedAt(), d.expiresAt(),
                d.weight(), d.defaultReward(), d.slots(), d.log());
    }

    private static PendingDecision tagged(String eventId, String group, boolean trains,
            Double fallback) {
        Slot slot = new Slot("a", 0.5, new TaggedUpdate(group, trains,
                new TabularUpdate("a", List.of("morning/phone", ""))));
        return decision(eventId, 1.0, fallback, List.of(slot));
    }

    private static PendingDecision logged(String eventId, String userKey) {
        return new PendingDecision(eventId, PLACEMENT, T0, T0.plus(WAIT), 1.0, null,
                List.of(tabularSlot("a")), "u:" + userKey + "\n{\"line\":1}");
    }

    protected static Slot tabularSlot(String arm) {
        return new Slot(arm, 0.5, new TabularUpdate(arm, List.of("morning/phone", "")));
    }

    private static PendingDecision decision(
            String eventId, double weight, Double fallback, List<Slot> slots) {
        return decision(eventId, weight, fallback, slots, T0.plus(WAIT));
    }

    private static PendingDecision decision(String eventId, double weight, Double fallback,
            List<Slot> slots, Instant expiresAt) {
        return new PendingDecision(
                eventId, PLACEMENT, T0, expiresAt, weight, fallback, slots, null);
    }

    /** A task run on one thread of a parallel test; gets its thread number. */
    @FunctionalInterface
    protected interface Task<T> {
        T run(int thread) throws Exception;
    }

    private static <T> List<T> inParallel(int threads, Task<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<T>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                calls.add(() -> task.run(thread));
            }
            List<T> results = new ArrayList<>();
            for (var f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
