package dev.bandstand.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.store.ForwardingStore;
import dev.bandstand.store.InMemoryStatsStore;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.RewardOutcome;
import dev.bandstand.store.StatsSnapshot;
import dev.bandstand.store.StatsStore;
import dev.bandstand.store.StoreUnavailableException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The engine without HTTP: its futures complete at once on the in-memory store. */
class PlacementsTest {

    private static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final SplittableRandom random = new SplittableRandom(1);

    @Test
    void decisionIsRecordedInStoreAndLocalModelAndRewardIsLearnedAtOnce() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = engine(store, placement("art", "epsilon-greedy", 0.0));

        Decision decision = await(engine.decide(request("art", 1, null, "a", "b"), random));
        long before = decision.modelVersion();
        await(engine.reward(new RewardRequest(decision.eventId(), null, 1)));
        Decision next = await(engine.decide(request("art", 1, null, "a", "b"), random));

        assertThat(before).isZero();
        assertThat(next.modelVersion()).isEqualTo(2);
        assertThat(await(store.snapshot("art")).version()).isEqualTo(3);
        PendingDecision pending = await(store.decision(decision.eventId()));
        assertThat(pending.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(pending.weight()).isEqualTo(1.0);
    }

    @Test
    void slateProbabilitiesAreConditionalOnTheSlotsBefore() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), placement("art", "uniform", 0.0));

        Decision slate = await(engine.decide(request("art", 3, null, "a", "b", "c", "d"),
                random));

        assertThat(slate.choices()).extracting(Decision.Choice::probability)
                .containsExactly(1 / 4.0, 1 / 3.0, 1 / 2.0);
        assertThat(slate.choices()).extracting(Decision.Choice::armId).doesNotHaveDuplicates();
        assertThat(slate.explored()).isFalse();
    }

    @Test
    void thompsonSlatesReportTheExactProbabilityOfEachSlot() throws Exception {
        // nothing learned: every posterior is Beta(1, 1), so each open arm is equally likely
        Placements engine = engine(new InMemoryStatsStore(), placement("art", "thompson", 0.0));

        Decision slate = await(engine.decide(request("art", 3, null, "a", "b", "c", "d"),
                random));

        double[] p = slate.choices().stream().mapToDouble(Decision.Choice::probability)
                .toArray();
        assertThat(p).containsExactly(new double[] {1 / 4.0, 1 / 3.0, 1 / 2.0},
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void choosingAnArmBelowTheBestMeanCountsAsExplored() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), placement("art", "uniform", 0.0));
        for (int i = 0; i < 20; i++) {
            Decision d = await(engine.decide(request("art", 1, null, "a", "b"), random));
            double value = d.choices().get(0).armId().equals("a") ? 1 : 0;
            await(engine.reward(new RewardRequest(d.eventId(), null, value)));
        }

        boolean sawExplore = false;
        boolean sawExploit = false;
        for (int i = 0; i < 20; i++) {
            Decision d = await(engine.decide(request("art", 1, null, "a", "b"), random));
            boolean isB = d.choices().get(0).armId().equals("b");
            assertThat(d.explored()).isEqualTo(isB);
            sawExplore |= isB;
            sawExploit |= !isB;
        }

        assertThat(sawExplore).isTrue();
        assertThat(sawExploit).isTrue();
    }

    @Test
    void rewardIsNormalisedToThePlacementsRange() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        PlacementSettings stars = new PlacementSettings("stars", new PolicySettings("ucb1",
                Map.of()), List.of(Arm.of("a")), Duration.ofMinutes(10), null, 1, 5,
                List.of(), 1, 10, 1, null, features());
        Placements engine = engine(store, stars);

        Decision d = await(engine.decide(request("stars", 1, null), random));
        await(engine.reward(new RewardRequest(d.eventId(), null, 4)));

        assertThat(await(store.snapshot("stars")).sums()).containsEntry("s||a", 0.75);
    }

    @Test
    void halfLifeTooShortForTheWeightRangeStopsStartUpNamingTheKey() {
        PlacementSettings hourly = new PlacementSettings("hourly", new PolicySettings(
                "thompson", Map.of()), List.of(Arm.of("a")), Duration.ofMinutes(10), null, 0, 1,
                List.of(), 1, 10, 1, Duration.ofHours(1), features());

        assertThatThrownBy(() -> engine(new InMemoryStatsStore(), hourly))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("placements.hourly.halfLife: too short");
    }

    @Test
    void weeklyHalfLifeStartsWithTwoYearsOfHeadroom() {
        PlacementSettings weekly = new PlacementSettings("weekly", new PolicySettings(
                "thompson", Map.of()), List.of(Arm.of("a")), Duration.ofMinutes(10), null, 0, 1,
                List.of(), 1, 10, 1, Duration.ofDays(7), features());

        assertThat(engine(new InMemoryStatsStore(), weekly).placements()).hasSize(1);
    }

    @Test
    void unknownPlacementCountAndCandidateLimitsAreRejected() {
        Placements engine = engine(new InMemoryStatsStore(), placement("art", "uniform", 0.0));

        assertRejected(engine.decide(request("nope", 1, null, "a"), random), 404,
                "UNKNOWN_PLACEMENT", null);
        assertRejected(engine.decide(request("art", 2, null, "a"), random), 400,
                "OUT_OF_RANGE", "count");
        assertRejected(engine.decide(request("art", 1, null), random), 400, "NO_CANDIDATES",
                "candidates");
        assertRejected(engine.decide(request("art", 1, null,
                "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"), random), 400,
                "TOO_MANY_CANDIDATES", "candidates");
    }

    @Test
    void contextValueTheFactoryRefusesNamesItsField() {
        Placements engine = engine(new InMemoryStatsStore(), placement("art", "uniform", 0.0));
        DecisionRequest reserved = new DecisionRequest("art", NOW, ZoneId.of("UTC"), null, null,
                Map.of("device", "tv"), List.of(Arm.of("a")), null, 1, null);

        assertRejected(engine.decide(reserved, random), 400, "INVALID_VALUE",
                "context.features.device");
    }

    @Test
    void storeFailureIsA503AndMarksTheStoreDown() {
        Placements engine = engine(new BrokenStore(), placement("art", "uniform", 0.0));

        assertRejected(engine.decide(request("art", 1, null, "a"), random), 503,
                "STORE_UNAVAILABLE", null);
        assertRejected(engine.reward(new RewardRequest("e", null, 1)), 503,
                "STORE_UNAVAILABLE", null);
        assertThat(engine.storeUp()).isFalse();
    }

    @Test
    void aDecisionTheStoreHasNoRoomForIsAnsweredUnrecordedAndCountsNowhere() throws Exception {
        Placements engine = engine(new FullBufferStore(), placement("art", "uniform", 0.0));

        Decision drawn = await(engine.decide(request("art", 1, null, "a", "b"), random));
        Decision client = await(engine.decide(request("art", 1, "order-1", "a", "b"), random));
        PlacementReport report = await(engine.report("art"));

        assertThat(List.of(drawn.recorded(), client.recorded())).containsOnly(false);
        assertThat(client.eventId()).isEqualTo("order-1");
        assertThat(drawn.choices()).singleElement().extracting(Decision.Choice::probability)
                .isEqualTo(0.5);
        assertThat(report.modelVersion()).isZero();
        assertThat(report.arms()).allSatisfy(a -> assertThat(a.pending()).isZero());
        assertThat(engine.storeUp()).isTrue();
        assertRejected(engine.reward(new RewardRequest(drawn.eventId(), null, 1)), 404,
                "UNKNOWN_EVENT", "eventId");
    }

    @Test
    void sweepTeachesTheLocalModelTheDefaultReward() throws Exception {
        MovingClock clock = new MovingClock();
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = Placements.create(
                settings(placement("art", "uniform", 0.5)), store, clock);
        Decision d = await(engine.decide(request("art", 1, null, "a"), random));

        clock.now = NOW.plus(Duration.ofMinutes(10));
        int settled = await(engine.sweep(10));

        assertThat(settled).isEqualTo(1);
        assertThat(await(engine.report("art")).arms()).singleElement()
                .satisfies(a -> {
                    assertThat(a.count()).isEqualTo(1.0);
                    assertThat(a.mean()).isEqualTo(0.5);
                    assertThat(a.pending()).isEqualTo(0.0);
                });
        assertThat(await(engine.report("art")).modelVersion()).isEqualTo(2);
        assertRejected(engine.reward(new RewardRequest(d.eventId(), null, 1)), 410, "EXPIRED",
                "eventId");
    }

    @Test
    void clientEventIdTakenInOnePlacementIsRefusedInAnother() throws Exception {
        Placements engine = Placements.create(settings(placement("art", "thompson", null),
                placement("banner", "uniform", null)), new InMemoryStatsStore(), CLOCK);
        await(engine.decide(request("art", 1, "order-17", "a", "b"), random));

        Future<Decision> again = engine.decide(request("banner", 1, "order-17", "a"), random);

        assertRejected(again, 409, "EVENT_ID_TAKEN", "eventId");
        assertThat(await(engine.report("banner")).modelVersion()).isZero();
    }

    private static void assertRejected(Future<?> future, int status, String code,
            String field) {
        assertThat(future.failed()).as("failed").isTrue();
        assertThat(future.cause()).isInstanceOfSatisfying(Rejection.class, r -> {
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.field()).isEqualTo(field);
        });
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.await(5, TimeUnit.SECONDS);
    }

    private static Placements engine(StatsStore store, PlacementSettings placement) {
        return Placements.create(settings(placement), store, CLOCK);
    }

    private static Settings settings(PlacementSettings... placements) {
        return new Settings("127.0.0.1", 0, 1 << 20, new StoreSettings(null, "t",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
                PartsOfDay.defaults(), List.of(placements));
    }

    private static PlacementSettings placement(String name, String policy, Double fallback) {
        return new PlacementSettings(name, new PolicySettings(policy, Map.of()), List.of(),
                Duration.ofMinutes(10), fallback, 0, 1, List.of("device"), 1, 10, 3, null,
                features());
    }

    private static FeatureSettings features() {
        return new FeatureSettings(16, true, List.of(), Map.of());
    }

    private static DecisionRequest request(String placement, int count, String eventId,
            String... arms) {
        return new DecisionRequest(placement, NOW, ZoneId.of("Europe/Paris"), "phone", null,
                Map.of(), java.util.Arrays.stream(arms).map(Arm::of).toList(), null, count,
                eventId);
    }

    /** A store whose every call fails, as an unreachable Redis would. */
    private static final class BrokenStore implements StatsStore {
        private static <T> Future<T> down() {
            return Future.failedFuture(new IllegalStateException("connection refused"));
        }

        @Override
        public Future<Boolean> recordDecision(PendingDecision decision) {
            return down();
        }

        @Override
        public Future<PendingDecision> decision(String eventId) {
            return down();
        }

        @Override
        public Future<RewardOutcome> applyReward(String eventId, String armId, double reward,
                Instant now) {
            return down();
        }

        @Override
        public Future<List<RewardOutcome>> expireDue(Instant now, int limit) {
            return down();
        }

        @Override
        public Future<StatsSnapshot> snapshot(String placement) {
            return down();
        }

        @Override
        public boolean shared() {
            return true;
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    /** The in-memory store, but as a store whose outage buffer for decisions is full. */
    private static final class FullBufferStore extends ForwardingStore {

        FullBufferStore() {
            super(new InMemoryStatsStore());
        }

        @Override
        public Future<Boolean> recordDecision(PendingDecision decision) {
            return Future.failedFuture(new StoreUnavailableException("buffer full", null));
        }

        @Override
        public Future<Boolean> recordDrawnDecision(PendingDecision decision) {
            return recordDecision(decision);
        }
    }

    /** A clock the test sets. */
    private static final class MovingClock extends Clock {
        volatile Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
