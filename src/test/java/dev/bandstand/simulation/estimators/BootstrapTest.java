package dev.bandstand.simulation.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class BootstrapTest {

    /**
     * 400 rounds of a uniform two-action log; the target prefers action 0 (0.7 / 0.3); the
     * reward model's predictions differ between even and odd rounds (two context buckets).
     */
    private static List<Round> log(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Round> rounds = new ArrayList<>();
        for (int t = 0; t < 400; t++) {
            int a = random.nextInt(2);
            double reward = random.nextDouble() < (a == 0 ? 0.6 : 0.3) ? 1 : 0;
            double[] target = {0.7, 0.3};
            double[] predicted = t % 2 == 0 ? new double[] {0.6, 0.3} : new double[] {0.4, 0.2};
            rounds.add(Round.withDistribution(a, 0.5, reward, target, predicted));
        }
        return rounds;
    }

    @Test
    void everyIntervalContainsItsPointEstimate() {
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(EstimatorSettings.defaults());

        List<Estimate> all = evaluator.evaluateAll(log(3));

        assertThat(all).allSatisfy(e -> {
            assertThat(e.available()).isTrue();
            assertThat(e.lower()).isLessThanOrEqualTo(e.value());
            assertThat(e.upper()).isGreaterThanOrEqualTo(e.value());
            assertThat(e.upper()).isGreaterThan(e.lower());
        });
    }

    @Test
    void theSameSeedGivesTheSameIntervalWhateverTheThreadCount() {
        List<Round> rounds = log(5);
        EstimatorSettings settings = EstimatorSettings.defaults().withBootstrap(300);

        Estimate oneThread = new OffPolicyEvaluator(settings.withThreads(1))
                .evaluate(rounds, Estimator.SNIPS);
        Estimate twoThreads = new OffPolicyEvaluator(settings.withThreads(2))
                .evaluate(rounds, Estimator.SNIPS);
        Estimate otherSeed = new OffPolicyEvaluator(settings.withSeed(99))
                .evaluate(rounds, Estimator.SNIPS);

        assertThat(twoThreads.lower()).isEqualTo(oneThread.lower());
        assertThat(twoThreads.upper()).isEqualTo(oneThread.upper());
        assertThat(otherSeed.lower()).isNotEqualTo(oneThread.lower());
    }

    @Test
    void theIntervalOfAPlainMeanMatchesTheNormalApproximation() {
        // Target = logging policy (weights 1): IPS is the sample mean of 0/1 rewards, whose
        // 95% interval is close to mean +- 1.96 * sd / sqrt(n) (z from Commons Math).
        List<Round> rounds = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (int t = 0; t < 2000; t++) {
            rounds.add(Round.of(0, 1, random.nextDouble() < 0.3 ? 1 : 0, 1));
        }
        Estimate e = new OffPolicyEvaluator(EstimatorSettings.defaults().withBootstrap(2000))
                .evaluate(rounds, Estimator.IPS);
        double m = e.value();
        double halfWidth = new NormalDistribution().inverseCumulativeProbability(0.975)
                * Math.sqrt(m * (1 - m) / rounds.size());

        // tolerance: 15% of the half width, for bootstrap noise with B = 2000
        assertThat(e.lower()).isCloseTo(m - halfWidth, within(0.15 * halfWidth));
        assertThat(e.upper()).isCloseTo(m + halfWidth, within(0.15 * halfWidth));
    }

    @Test
    void typeSevenQuantilesInterpolateBetweenOrderStatistics() {
        double[] sorted = {1, 2, 3, 4, 5};

        // h = (5 - 1) * 0.1 = 0.4 -> 1 + 0.4 * (2 - 1) = 1.4
        assertThat(Bootstrap.quantile(sorted, 0.1)).isCloseTo(1.4, within(1e-12));
        assertThat(Bootstrap.quantile(sorted, 0.5)).isEqualTo(3);
        assertThat(Bootstrap.quantile(sorted, 1)).isEqualTo(5);
    }

    @Test
    void refittingTheModelOnEachResampleGivesTheHandComputedInterval() {
        // Two rounds, one bucket, k = 0, target always action 0. Round 0 chose action 0 and
        // got 1, round 1 chose action 1 and got 0. The model fitted once predicts 1 for action
        // 0, so DM is 1 on every resample: [1, 1]. Refitted, a resample of round 1 twice
        // (probability 1/4) has not seen action 0 and predicts the global mean 0; the others
        // predict 1. With B = 2000, 2.5% and 97.5% quantiles are then 0 and 1.
        double[] target = {1, 0};
        List<Round> rounds = List.of(
                Round.withDistribution(0, 0.5, 1, target, new double[] {1, 0}),
                Round.withDistribution(1, 0.5, 0, target, new double[] {1, 0}));
        RewardModelFit fit = BucketMeanFit.of(0, List.of("x", "x"),
                List.of(List.of("a", "b"), List.of("a", "b")), new int[] {0, 1},
                new double[] {1, 0});
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(
                EstimatorSettings.defaults().withBootstrap(2000));

        Estimate once = evaluator.evaluate(rounds, Estimator.DIRECT_METHOD);
        Estimate refitted = evaluator.evaluate(rounds, Estimator.DIRECT_METHOD, fit);

        assertThat(once.value()).isEqualTo(1.0);
        assertThat(once.lower()).isEqualTo(1.0);
        assertThat(once.upper()).isEqualTo(1.0);
        assertThat(refitted.value()).isEqualTo(1.0);
        assertThat(refitted.lower()).isEqualTo(0.0);
        assertThat(refitted.upper()).isEqualTo(1.0);
    }

    @Test
    void refittingTheModelWidensTheDirectMethodAndDoublyRobustIntervals() {
        // 300 rounds of a uniform three-action log in two buckets; the target is fixed
        SplittableRandom random = new SplittableRandom(17);
        double[] target = {0.6, 0.3, 0.1};
        double[][] rates = {{0.5, 0.3, 0.2}, {0.2, 0.4, 0.6}};
        List<String> ids = List.of("a", "b", "c");
        int n = 300;
        List<String> buckets = new ArrayList<>();
        int[] chosen = new int[n];
        double[] rewards = new double[n];
        for (int t = 0; t < n; t++) {
            int bucket = t % 2;
            buckets.add("b" + bucket);
            chosen[t] = random.nextInt(3);
            rewards[t] = random.nextDouble() < rates[bucket][chosen[t]] ? 1 : 0;
        }
        BucketMeanFit fit = BucketMeanFit.of(0, buckets, java.util.Collections.nCopies(n, ids),
                chosen, rewards);
        double[][] once = fit.fit(java.util.stream.IntStream.generate(() -> 1).limit(n)
                .toArray());
        List<Round> rounds = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            rounds.add(Round.withDistribution(chosen[t], 1.0 / 3, rewards[t], target, once[t]));
        }
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(EstimatorSettings.defaults());

        for (Estimator e : List.of(Estimator.DIRECT_METHOD, Estimator.DOUBLY_ROBUST)) {
            Estimate fixed = evaluator.evaluate(rounds, e);
            Estimate refitted = evaluator.evaluate(rounds, e, fit);

            assertThat(refitted.value()).isCloseTo(fixed.value(), within(1e-12));
            assertThat(refitted.upper() - refitted.lower())
                    .as(e.label()).isGreaterThan(fixed.upper() - fixed.lower());
        }
        // the direct method's fixed interval only sees the bucket mix: far narrower
        Estimate fixedDm = evaluator.evaluate(rounds, Estimator.DIRECT_METHOD);
        Estimate refitDm = evaluator.evaluate(rounds, Estimator.DIRECT_METHOD, fit);
        assertThat(refitDm.upper() - refitDm.lower())
                .isGreaterThan(3 * (fixedDm.upper() - fixedDm.lower()));
    }
}
