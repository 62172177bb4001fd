package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.NOW;
import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.store.InMemoryStatsStore;
import dev.bandstand.store.StatsSnapshot;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Arms added and retired while a placement runs: shared through the store with other
 * instances, a retired arm's reward does not train, and a new arm is explored at once or
 * warm-started.
 */
class ArmLifecycleTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void armRetiredThroughOneInstanceIsNeverChosenByAnotherAfterItsSync() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements first = engine(store, placement("uniform", Map.of(), null));
        Placements second = engine(store, placement("uniform", Map.of(), null));

        await(first.arms().retire("art", "b"));
        await(second.sync());

        for (int i = 0; i < 60; i++) {
            Decision d = await(second.decide(request(null, null, false, "a", "b", "c"),
                    random));
            assertThat(d.choices().get(0).armId()).isNotEqualTo("b");
            assertThat(d.choices().get(0).probability()).isEqualTo(0.5);
        }
    }

    @Test
    void lateRewardForARetiredArmIsJoinedButTrainsNeitherStoreNorLocalModel()
            throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements first = engine(store, placement("ucb1", Map.of(), null));
        Placements second = engine(store, placement("ucb1", Map.of(), null));
        Decision d = await(second.decide(request(null, null, false, "b"), random));

        await(first.arms().retire("art", "b"));
        RewardReceipt receipt = await(second.reward(new RewardRequest(d.eventId(), null, 1.0)));
        StatsSnapshot stats = await(store.snapshot("art"));
        // the second instance has not synced yet, so b is still a candidate there
        Explanation local = await(second.decide(request(null, "best", true, "b"), random))
                .explanations().get(0);

        assertThat(receipt.armId()).isEqualTo("b");
        assertThat(stats.sums().getOrDefault("n||b", 0.0)).isEqualTo(0.0);
        assertThat(stats.sums().getOrDefault("p||b", 0.0)).isEqualTo(0.0);
        assertThat(stats.sums().getOrDefault("n|phone|b", 0.0)).isEqualTo(0.0);
        assertThat(local.count()).isEqualTo(0.0);
    }

    @Test
    void newArmIsChosenAtOnceByUcbWhileTheOthersHaveObservations() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), placement("ucb1", Map.of(), null));
        for (int i = 0; i < 20; i++) {
            Decision d = await(engine.decide(request(null, null, false, "a", "b"), random));
            await(engine.reward(new RewardRequest(d.eventId(), null, 1.0)));
        }

        await(engine.arms().add("art", Arm.of("c")));
        Decision next = await(engine.decide(request(null, null, false, "a", "b", "c"), random));

        assertThat(next.choices().get(0).armId()).isEqualTo("c");
        assertThat(next.choices().get(0).probability()).isEqualTo(1.0);
    }

    @Test
    void priorWarmStartsANewTabularArmOnEveryInstance() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements first = engine(store, placement("thompson", Map.of(), null));
        Placements second = engine(store, placement("thompson", Map.of(), null));

        await(first.arms().add("art", Arm.of("c"), 0.75, 12.0));
        await(second.sync());
        Decision best = await(second.decide(request(null, "best", true, "a", "b", "c"),
                random));

        Explanation why = best.explanations().get(0);
        assertThat(best.choices().get(0).armId()).isEqualTo("c");
        assertThat(why.mean()).isEqualTo(0.75);
        assertThat(why.count()).isEqualTo(12.0);
        // sqrt(1 / (n + 1)) with the 12 pseudo-observations
        assertThat(why.uncertainty()).isCloseTo(Math.sqrt(1.0 / 13), within(1e-15));
    }

    @Test
    void priorOnALinearPlacementOrOutsideTheRewardRangeIsRefusedAndChangesNothing()
            throws Exception {
        Placements linear = engine(new InMemoryStatsStore(), linear());
        Placements tabular = engine(new InMemoryStatsStore(), placement("ucb1", Map.of(),
                null));

        Throwable onLinear = linear.arms().add("songs", Arm.of("c"), 0.5, 1.0).cause();
        Throwable outside = tabular.arms().add("art", Arm.of("c"), 1.5, 1.0).cause();
        Throwable halfPrior = tabular.arms().add("art", Arm.of("c"), 0.5, null).cause();

        assertThat(((Rejection) onLinear).field()).isEqualTo("prior");
        assertThat(((Rejection) outside).field()).isEqualTo("prior.mean");
        assertThat(((Rejection) halfPrior).field()).isEqualTo("prior.weight");
        assertThat(await(tabular.store().arms("art")).added()).isEmpty();
    }

    @Test
    void newLinearArmIsScoredFromItsFeaturesAsAnArmWithTheSameFeatures() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), linear());
        Arm rock = new Arm("rock-1", Map.of("genre", "rock"));
        Arm jazz = new Arm("jazz-1", Map.of("genre", "jazz"));
        for (int i = 0; i < 30; i++) {
            Decision d = await(engine.decide(songs(List.of(rock, jazz), null), random));
            String arm = d.choices().get(0).armId();
            await(engine.reward(new RewardRequest(d.eventId(), null,
                    arm.equals("rock-1") ? 1.0 : 0.0)));
        }

        Arm newRock = new Arm("rock-2", Map.of("genre", "rock"));
        await(engine.arms().add("songs", newRock));
        Decision d = await(engine.decide(songs(List.of(jazz, newRock, rock), "best"), random));

        List<Explanation> why = d.explanations();
        assertThat(d.choices().get(0).armId()).isIn("rock-1", "rock-2");
        Decision other = await(engine.decide(songs(List.of(newRock), "best"), random));
        Decision old = await(engine.decide(songs(List.of(rock), "best"), random));
        assertThat(other.explanations().get(0).mean())
                .isEqualTo(old.explanations().get(0).mean());
        assertThat(why.get(0).mean()).isGreaterThan(0.5);
    }

    private static PlacementSettings linear() {
        return new PlacementSettings("songs", new PolicySettings("linucb", Map.of()), List.of(),
                Duration.ofMinutes(10), null, 0, 1, List.of(), 1, 10, 3, null,
                new FeatureSettings(16, false, List.of(), Map.of()), null);
    }

    private static DecisionRequest songs(List<Arm> candidates, String mode) {
        return new DecisionRequest("songs", NOW, ZoneId.of("Europe/Paris"), "phone", null,
                Map.of(), candidates, null, 1, null, SlateRules.NONE, mode, true);
    }
}
