package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.PLACEMENT;
import static dev.bandstand.store.StatsStoreContract.T0;
import static dev.bandstand.store.StatsStoreContract.WAIT;
import static dev.bandstand.store.StatsStoreContract.await;
import static dev.bandstand.store.StatsStoreContract.slate;
import static dev.bandstand.store.StatsStoreContract.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.api.MutableClock;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Placements;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.RotatingDecisionLog;
import dev.bandstand.store.RewardOutcome.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every store does at the expiry of a slate (the cascade rule of
 * {@link StatsStore#expireDue}), with a reward accepted before the end of the wait but joined
 * after the sweep, and with retired arms. Expected sums are worked out by hand from
 * {@link dev.bandstand.policy.StatsFields}; rewards are multiples of 1/4.
 */
public abstract class CascadeAndArmsContract extends StoreFixture {

    @Test
    void slateWithoutAnyRewardGivesTheDefaultToTheFirstPositionOnly() throws Exception {
        await(store.recordDecision(slate("e1", 0.25, "a", "b", "c")));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 10));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(o -> o.slot().armId() + ":" + o.status())
                .containsExactly("a:APPLIED", "b:DROPPED", "c:DROPPED");
        assertThat(outcomes.get(0).reward()).isEqualTo(0.25);
        assertThat(sum(stats, "n||a")).isEqualTo(1.0);
        assertThat(sum(stats, "s||a")).isEqualTo(0.25);
        for (String arm : List.of("b", "c")) {
            assertThat(sum(stats, "n||" + arm)).isEqualTo(0.0);
            assertThat(sum(stats, "s||" + arm)).isEqualTo(0.0);
            assertThat(sum(stats, "p||" + arm)).isEqualTo(0.0);
        }
    }

    @Test
    void positionsBeforeTheLastRewardedOneGetTheDefaultAndLaterOnesAreDropped()
            throws Exception {
        await(store.recordDecision(slate("e1", 0.25, "a", "b", "c", "d", "e")));
        await(store.applyReward("e1", "a", 1.0, T0.plusSeconds(1)));
        await(store.applyReward("e1", "c", 0.75, T0.plusSeconds(2)));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 10));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(o -> o.slot().armId() + ":" + o.status())
                .containsExactly("b:APPLIED", "d:DROPPED", "e:DROPPED");
        assertThat(sum(stats, "s||a")).isEqualTo(1.0);
        assertThat(sum(stats, "s||b")).isEqualTo(0.25);
        assertThat(sum(stats, "s||c")).isEqualTo(0.75);
        assertThat(sum(stats, "n|morning/phone|b")).isEqualTo(1.0);
        assertThat(sum(stats, "n||d") + sum(stats, "n||e")).isEqualTo(0.0);
        assertThat(sum(stats, "p||d") + sum(stats, "p||e")).isEqualTo(0.0);
    }

    @Test
    void withoutADefaultRewardReachedPositionsAreDroppedToo() throws Exception {
        await(store.recordDecision(slate("e1", null, "a", "b", "c")));
        await(store.applyReward("e1", "b", 0.5, T0.plusSeconds(1)));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 10));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(o -> o.slot().armId() + ":" + o.status())
                .containsExactly("a:DROPPED", "c:DROPPED");
        assertThat(sum(stats, "n||b")).isEqualTo(1.0);
        assertThat(sum(stats, "n||a") + sum(stats, "n||c")).isEqualTo(0.0);
        assertThat(sum(stats, "p||a") + sum(stats, "p||c")).isEqualTo(0.0);
    }

    @Test
    void aLateRewardAfterTheSweepReachesThePositionsBeforeItUnderTheCascadeRule()
            throws Exception {
        // accepted before the end of the wait, joined after a sweep settled the slate: a
        // reward that waited in an outage buffer, or raced the sweep
        await(store.recordDecision(slate("e1", 0.25, "a", "b", "c", "d")));
        await(store.expireDue(T0.plus(WAIT), 10));
        Instant inTime = T0.plus(WAIT).minusSeconds(1);

        RewardOutcome late = await(store.applyReward("e1", "c", 0.75, inTime));
        long versionThen = await(store.snapshot(PLACEMENT)).version();
        RewardOutcome replacing = await(store.applyReward("e1", "a", 1.0, inTime));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(List.of(late, replacing)).extracting(o -> o.slot().armId() + ":"
                + o.status() + ":" + o.trained() + ":" + o.late())
                .containsExactly("c:APPLIED:true:true", "a:APPLIED:true:true");
        assertThat(late.reached()).extracting(o -> o.slot().armId() + ":" + o.status() + ":"
                + o.reward() + ":" + o.decision().eventId()).containsExactly("b:APPLIED:0.25:e1");
        assertThat(late.reached().get(0).version()).isEqualTo(late.version() - 1);
        assertThat(late.version()).isEqualTo(versionThen);
        assertThat(replacing.reached()).isEmpty();
        // n/s/q/p per arm: a's default 0.25 exchanged for 1.0; b reached, so given the default
        // 0.25 (q 1/16); c rewarded 0.75 (q 9/16); d never reached
        for (String bucket : List.of("morning/phone", "")) {
            assertThat(List.of("a", "b", "c", "d")).extracting(arm -> nsqp(stats, bucket, arm))
                    .containsExactly("1.0/1.0/1.0/0.0", "1.0/0.25/0.0625/0.0",
                            "1.0/0.75/0.5625/0.0", "0.0/0.0/0.0/0.0");
        }
    }

    @Test
    void aLateRewardReachesNoSlotOfARetiredArmAndNoneWithoutADefault() throws Exception {
        await(store.recordDecision(slate("e1", 0.25, "a", "b", "c")));
        await(store.recordDecision(slate("e2", null, "a", "b", "c")));
        await(store.expireDue(T0.plus(WAIT), 10));
        await(store.retireArm(PLACEMENT, "b"));
        Instant inTime = T0.plus(WAIT).minusSeconds(1);

        RewardOutcome withDefault = await(store.applyReward("e1", "c", 0.5, inTime));
        RewardOutcome without = await(store.applyReward("e2", "c", 0.5, inTime));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(List.of(withDefault, without)).extracting(o -> o.status() + ":" + o.late()
                + ":" + o.reached().size()).containsExactly("APPLIED:true:0", "APPLIED:true:0");
        // a: e1's default at the sweep, e2 dropped; b dropped twice; c rewarded twice
        assertThat(List.of("a", "b", "c")).extracting(arm -> nsqp(stats, "", arm))
                .containsExactly("1.0/0.25/0.0625/0.0", "0.0/0.0/0.0/0.0", "2.0/1.0/0.5/0.0");
    }

    @Test
    void aLateRewardForAnArmRetiredAfterTheSweepDoesNotTrainAndKeepsItsDefault()
            throws Exception {
        await(store.recordDecision(slate("e1", 0.25, "a", "b")));
        await(store.expireDue(T0.plus(WAIT), 10));
        await(store.retireArm(PLACEMENT, "a"));
        await(store.retireArm(PLACEMENT, "b"));
        Instant inTime = T0.plus(WAIT).minusSeconds(1);

        RewardOutcome defaulted = await(store.applyReward("e1", "a", 1.0, inTime));
        RewardOutcome dropped = await(store.applyReward("e1", "b", 1.0, inTime));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(List.of(defaulted, dropped)).extracting(o -> o.status() + ":"
                + o.trained() + ":" + o.late()).containsExactly("APPLIED:false:true",
                        "APPLIED:false:true");
        assertThat(List.of("a", "b")).extracting(arm -> nsqp(stats, "", arm))
                .containsExactly("1.0/0.25/0.0625/0.0", "0.0/0.0/0.0/0.0");
    }

    @Test
    void aLateLinearRewardExchangesTheDefaultInBAndPutsADropBackIntoA() throws Exception {
        // x = (1, 0, 2), weight 2, counted for group v1: e1 defaults to 0.25, e2 is dropped
        Slot slot = new Slot("a", 0.5, new TaggedUpdate("v1", true,
                new LinearUpdate("a", new double[] {1, 0, 2})));
        await(store.recordDecision(new PendingDecision("e1", PLACEMENT, T0, T0.plus(WAIT), 2.0,
                0.25, List.of(slot), null)));
        await(store.recordDecision(new PendingDecision("e2", PLACEMENT, T0, T0.plus(WAIT), 2.0,
                null, List.of(slot), null)));
        await(store.expireDue(T0.plus(WAIT), 10));
        Instant inTime = T0.plus(WAIT).minusSeconds(1);

        await(store.applyReward("e1", null, 0.75, inTime));
        await(store.applyReward("e2", null, 0.5, inTime));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        // b = 2 (0.75 + 0.5) x, n = 2 + 2, A = 2 (2 x x'), as if both came in time
        assertThat(List.of("b|0", "b|1", "b|2", "n", "p", "A|0|0", "A|0|2", "A|2|2"))
                .extracting(f -> sum(stats, f))
                .containsExactly(2.5, 0.0, 5.0, 4.0, 0.0, 4.0, 8.0, 16.0);
        assertThat(List.of("e", "n", "s", "q")).extracting(k -> sum(stats, "x|v1|" + k))
                .containsExactly(2.0, 2.0, 1.25, 0.8125);
    }

    @Test
    void aLateRewardAndTheSlotsItReachedAreLoggedOnceEachAsTheSweepLogsItsOwn(
            @TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(T0);
        SweepBeforeReward racing = new SweepBeforeReward(store);
        Path file = dir.resolve(PLACEMENT + ".dsjson");
        try (DecisionLogWriter writer = new DecisionLogWriter(dir,
                RotatingDecisionLog.Rotation.NONE, 1 << 20, 100, clock)) {
            Placements engine = Placements.create(engineSettings(), racing, clock,
                    DecisionJournal.writingTo(writer, UserKeys.generated(new SecureRandom())));
            Decision d = await(engine.decide(new DecisionRequest(PLACEMENT, T0, ZoneOffset.UTC,
                    "phone", null, Map.of(), List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"),
                    Arm.of("d")), null, 4, null), new SplittableRandom(7)));
            List<String> arms = d.choices().stream().map(Decision.Choice::armId).toList();
            clock.advance(WAIT.minusSeconds(1));
            racing.beforeNextReward(() -> {
                clock.advance(Duration.ofSeconds(1));
                return engine.sweep(10);
            });

            // accepted a second before the end of the wait; the sweep settles the slate first
            await(engine.reward(new RewardRequest(d.eventId(), arms.get(2), 0.75)));
            // past the journal's grace, the next sweep writes what the late reward settled
            clock.advance(Duration.ofMinutes(2));
            await(engine.sweep(10));
            writer.flush().get(20, TimeUnit.SECONDS);
            StatsSnapshot stats = await(store.snapshot(PLACEMENT));

            // the sweep's line: position 0 got the default, the others were dropped; then the
            // late reward's: position 2 and position 1, which it reached, with the default
            assertThat(Files.readAllLines(file)).hasSize(2);
            assertThat(new DsJsonReader().read(file)).extracting(l -> l.eventId()
                    .substring(d.eventId().length()) + (l.rewarded() ? " " + l.reward() : ""))
                    .containsExactly("/0 0.25", "/1", "/2", "/3", "/0", "/1 0.25", "/2 0.75",
                            "/3");
            assertThat(arms).extracting(arm -> nsqp(stats, "", arm)).containsExactly(
                    "1.0/0.25/0.0625/0.0", "1.0/0.25/0.0625/0.0", "1.0/0.75/0.5625/0.0",
                    "0.0/0.0/0.0/0.0");
            // the local model learned the exchange from the store's sums, not step by step
            assertThat(await(engine.report(PLACEMENT)).modelVersion())
                    .isEqualTo(stats.version());
        }
    }

    @Test
    void rewardOfARetiredArmIsJoinedAndCountedForItsVariantButDoesNotTrain()
            throws Exception {
        Slot a = new Slot("a", 0.5, new TaggedUpdate("bandit", true,
                new TabularUpdate("a", List.of(""))));
        Slot b = new Slot("b", 0.5, new TaggedUpdate("bandit", true,
                new TabularUpdate("b", List.of(""))));
        await(store.recordDecision(decision("e1", null, List.of(a, b))));
        await(store.retireArm(PLACEMENT, "a"));

        RewardOutcome retired = await(store.applyReward("e1", "a", 0.75, T0.plusSeconds(1)));
        RewardOutcome open = await(store.applyReward("e1", "b", 0.5, T0.plusSeconds(2)));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(retired.status()).isEqualTo(Status.APPLIED);
        assertThat(retired.trained()).isFalse();
        assertThat(retired.reward()).isEqualTo(0.75);
        assertThat(retired.slot().armId()).isEqualTo("a");
        assertThat(open.trained()).isTrue();
        assertThat(sum(stats, "n||a")).isEqualTo(0.0);
        assertThat(sum(stats, "s||a")).isEqualTo(0.0);
        assertThat(sum(stats, "p||a")).isEqualTo(0.0);
        assertThat(sum(stats, "n||b")).isEqualTo(1.0);
        assertThat(sum(stats, "s||b")).isEqualTo(0.5);
        assertThat(sum(stats, "x|bandit|e")).isEqualTo(2.0);
        assertThat(sum(stats, "x|bandit|n")).isEqualTo(2.0);
        assertThat(sum(stats, "x|bandit|s")).isEqualTo(1.25);
        assertThat(sum(stats, "x|bandit|q")).isEqualTo(0.8125);
    }

    @Test
    void retiredLinearArmTakesItsPendingRoundBackOutOfTheMatrix() throws Exception {
        Slot slot = new Slot("a", 0.5, new LinearUpdate("a", new double[] {1, 0, 2}));
        await(store.recordDecision(decision("e1", null, List.of(slot))));
        await(store.retireArm(PLACEMENT, "a"));

        await(store.applyReward("e1", "a", 1.0, T0.plusSeconds(1)));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(sum(stats, "A|0|0")).isEqualTo(0.0);
        assertThat(sum(stats, "A|0|2")).isEqualTo(0.0);
        assertThat(sum(stats, "A|2|2")).isEqualTo(0.0);
        assertThat(sum(stats, "b|0") + sum(stats, "b|2")).isEqualTo(0.0);
        assertThat(sum(stats, "n")).isEqualTo(0.0);
        assertThat(sum(stats, "p")).isEqualTo(0.0);
    }

    @Test
    void retiredArmGetsNoDefaultRewardAtExpiry() throws Exception {
        await(store.recordDecision(slate("e1", 0.25, "a")));
        await(store.recordDecision(slate("e2", 0.25, "b")));
        await(store.retireArm(PLACEMENT, "a"));

        List<RewardOutcome> outcomes = await(store.expireDue(T0.plus(WAIT), 10));
        StatsSnapshot stats = await(store.snapshot(PLACEMENT));

        assertThat(outcomes).extracting(o -> o.slot().armId() + ":" + o.status())
                .containsExactlyInAnyOrder("a:DROPPED", "b:APPLIED");
        assertThat(sum(stats, "n||a")).isEqualTo(0.0);
        assertThat(sum(stats, "p||a")).isEqualTo(0.0);
        assertThat(sum(stats, "s||b")).isEqualTo(0.25);
    }

    @Test
    void armAddedBackAfterRetirementTrainsAgainAndTheRosterSaysSo() throws Exception {
        await(store.retireArm(PLACEMENT, "a"));
        await(store.retireArm(PLACEMENT, "b"));
        ArmLimit room = new ArmLimit(List.of(), 10);
        await(store.addArm(PLACEMENT, "a", "{\"features\":{}}", room));
        await(store.addArm(PLACEMENT, "c", "{\"features\":{\"tempo\":120.0}}", room));
        await(store.recordDecision(slate("e1", null, "a")));

        RewardOutcome outcome = await(store.applyReward("e1", null, 1.0, T0.plusSeconds(1)));
        ArmRoster roster = await(store.arms(PLACEMENT));

        assertThat(outcome.trained()).isTrue();
        assertThat(sum(await(store.snapshot(PLACEMENT)), "n||a")).isEqualTo(1.0);
        assertThat(roster.added()).isEqualTo(Map.of("a", "{\"features\":{}}",
                "c", "{\"features\":{\"tempo\":120.0}}"));
        assertThat(roster.retired()).isEqualTo(Set.of("b"));
        assertThat(await(store.arms("elsewhere"))).isEqualTo(ArmRoster.EMPTY);
    }

    /** Weighted count, sum, sum of squares and pending count of an arm in a bucket. */
    private static String nsqp(StatsSnapshot stats, String bucket, String arm) {
        String f = "|" + bucket + "|" + arm;
        return sum(stats, "n" + f) + "/" + sum(stats, "s" + f) + "/" + sum(stats, "q" + f) + "/"
                + sum(stats, "p" + f);
    }

    /** One placement of uniform playlists of up to 4, default reward 0.25, keyed on device. */
    private static Settings engineSettings() {
        PlacementSettings playlist = new PlacementSettings(PLACEMENT,
                new PolicySettings("uniform", Map.of()), List.of(), WAIT, 0.25, 0, 1,
                List.of("device"), 1, 10, 4, null, new FeatureSettings(16, true, List.of(),
                        Map.of()));
        return new Settings("127.0.0.1", 0, 1 << 20, new StoreSettings(null, "t",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
                PartsOfDay.defaults(), List.of(playlist));
    }

    private static PendingDecision decision(String eventId, Double fallback, List<Slot> slots) {
        return new PendingDecision(eventId, PLACEMENT, T0, T0.plus(WAIT), 1.0, fallback, slots,
                null);
    }
}
