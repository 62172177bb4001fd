package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static dev.bandstand.placement.Engines.training;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.ExperimentSettings.Serves;
import dev.bandstand.config.ExperimentSettings.Variant;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.store.InMemoryStatsStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class ExperimentsTest {

    private final SplittableRandom random = new SplittableRandom(3);

    static ExperimentSettings experiment(double bandit, double explore, double champion,
            Set<String> holdout) {
        return new ExperimentSettings("art-1", List.of(
                new Variant("bandit", bandit, Serves.POLICY, null),
                new Variant("explore", explore, Serves.UNIFORM, null),
                new Variant("champion", champion, Serves.FIXED, "c")), "champion", holdout);
    }

    @Test
    void stickyAssignmentSplitsUsersWithinFourStandardDeviationsOfTheShares() {
        Experiment experiment = new Experiment(experiment(0.8, 0.1, 0.1, Set.of()));
        int users = 10_000;
        Map<String, Integer> counts = new HashMap<>();

        for (int u = 0; u < users; u++) {
            counts.merge(experiment.assign("user-" + u, "ignored").name(), 1, Integer::sum);
        }

        // bounds: Commons Math's binomial mean and variance for each share
        for (Variant v : experiment.settings().variants()) {
            BinomialDistribution b = new BinomialDistribution(users, v.share());
            double sd = Math.sqrt(b.getNumericalVariance());
            assertThat((double) counts.getOrDefault(v.name(), 0)).as(v.name())
                    .isBetween(b.getNumericalMean() - 4 * sd, b.getNumericalMean() + 4 * sd);
        }
    }

    @Test
    void sameUserGetsTheSameVariantFromSeparateExperimentsAndCalls() {
        Experiment one = new Experiment(experiment(0.5, 0.25, 0.25, Set.of()));
        Experiment two = new Experiment(experiment(0.5, 0.25, 0.25, Set.of()));

        for (int u = 0; u < 500; u++) {
            String user = "u" + u;
            assertThat(two.assign(user, "e2").name()).isEqualTo(one.assign(user, "e1").name());
        }
    }

    @Test
    void requestsWithoutUserIdAreAssignedByEventId() {
        Experiment experiment = new Experiment(experiment(0.5, 0.25, 0.25, Set.of()));
        Set<String> seen = new java.util.HashSet<>();

        for (int e = 0; e < 200; e++) {
            Variant v = experiment.assign(null, "event-" + e);
            assertThat(experiment.assign(null, "event-" + e)).isEqualTo(v);
            seen.add(v.name());
        }

        assertThat(seen).containsExactlyInAnyOrder("bandit", "explore", "champion");
    }

    @Test
    void uniformAndFixedVariantsAnswerWithExactProbabilitiesAndTheirVariant() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("thompson", Map.of(), experiment(0.2, 0.4, 0.4, Set.of())));
        Map<String, Integer> byVariant = new HashMap<>();

        for (int u = 0; u < 200; u++) {
            Decision d = await(engine.decide(request("u" + u, null, false, "a", "b", "c", "d"),
                    random));
            byVariant.merge(d.variant(), 1, Integer::sum);
            Decision.Choice c = d.choices().get(0);
            if (d.variant().equals("explore")) {
                assertThat(c.probability()).isEqualTo(0.25);
            } else if (d.variant().equals("champion")) {
                assertThat(c.armId()).isEqualTo("c");
                assertThat(c.probability()).isEqualTo(1.0);
            }
        }

        assertThat(byVariant).containsKeys("bandit", "explore", "champion");
    }

    @Test
    void fixedVariantWhoseArmIsNotACandidateIsRefused() {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("thompson", Map.of(), experiment(0, 0, 1, Set.of())));

        assertThatThrownBy(() -> await(engine.decide(request("u", null, false, "a", "b"),
                random)))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(Rejection.class).hasMessageContaining("champion");
    }

    @Test
    void holdoutRewardsAreCountedButDoNotChangeTheModel() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = engine(store,
                placement("thompson", Map.of(), experiment(0.5, 0.5, 0, Set.of("explore"))));
        Map<String, Double> before = training(await(store.snapshot("art")).sums());
        int held = 0;

        for (int u = 0; u < 100; u++) {
            Decision d = await(engine.decide(request("u" + u, null, false, "a", "b"), random));
            if (d.variant().equals("explore")) {
                await(engine.reward(new RewardRequest(d.eventId(), null, 1)));
                held++;
            }
        }

        Map<String, Double> after = await(store.snapshot("art")).sums();
        assertThat(held).isPositive();
        assertThat(after.get(StatsFields.group("explore", 'n'))).isEqualTo(held);
        assertThat(after.get(StatsFields.group("explore", 's'))).isEqualTo(held);
        // the bandit's decisions are pending; nothing else changed
        Map<String, Double> learned = training(after);
        learned.keySet().removeIf(f -> f.startsWith("p|"));
        assertThat(learned).isEqualTo(before);
    }

    @Test
    void trainingVariantRewardsReachTheModelAndTheCounters() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = engine(store,
                placement("thompson", Map.of(), experiment(0, 1, 0, Set.of())));

        Decision d = await(engine.decide(request("u", null, false, "a", "b"), random));
        await(engine.reward(new RewardRequest(d.eventId(), null, 1)));

        Map<String, Double> sums = await(store.snapshot("art")).sums();
        String arm = d.choices().get(0).armId();
        assertThat(sums).containsEntry(StatsFields.tabular('n', "", arm), 1.0)
                .containsEntry(StatsFields.group("explore", 'e'), 1.0)
                .containsEntry(StatsFields.group("explore", 'n'), 1.0);
    }

    @Test
    void burnInKeepsExactUniformProbabilitiesUntilEveryArmHasItsRewards() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("epsilon-greedy", Map.of("epsilon", 0.0, "burnIn", 3.0), null));

        for (int i = 0; i < 40; i++) {
            Decision d = await(engine.decide(request("u", null, false, "a", "b"), random));
            if (i < 4) {
                assertThat(d.choices().get(0).probability()).isEqualTo(0.5);
            }
            double value = d.choices().get(0).armId().equals("a") ? 1 : 0;
            await(engine.reward(new RewardRequest(d.eventId(), null, value)));
        }
        Decision after = await(engine.decide(request("u", null, false, "a", "b"), random));

        assertThat(after.choices().get(0).armId()).isEqualTo("a");
        assertThat(after.choices().get(0).probability()).isEqualTo(1.0);
    }
}
