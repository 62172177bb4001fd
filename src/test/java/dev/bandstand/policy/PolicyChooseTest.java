package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.PolicySettings;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Policy#choose} draws from the distribution {@link Policy#probabilities} reports:
 * Thompson sampling by one posterior draw, the others by the default draw from the vector.
 * Each test compares the frequencies of 40,000 seeded choices with the probabilities (the
 * Thompson ones estimated with 200,000 draws); 0.012 is more than four binomial standard
 * deviations (at most sqrt(0.25 / 40,000) = 0.0025) plus the estimate's own error.
 */
class PolicyChooseTest {

    private static final int CHOICES = 40_000;

    private static double[] frequencies(Policy policy, Estimates e, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] f = new double[e.size()];
        for (int i = 0; i < CHOICES; i++) {
            f[policy.choose(e, random)] += 1.0 / CHOICES;
        }
        return f;
    }

    @Test
    void thompsonChoiceByOnePosteriorDrawMatchesItsManyDrawProbabilities() {
        Estimates e = new FixedEstimates(new double[] {0.30, 0.36, 0.25},
                new double[] {40, 30, 60}, new double[3]);
        Policy thompson = Policies.create(new PolicySettings("thompson",
                Map.of("draws", 100_000.0)));

        double[] p = thompson.probabilities(e, new SplittableRandom(1));
        double[] f = frequencies(thompson, e, 2);

        assertThat(f).containsExactly(p, within(0.012));
    }

    @Test
    void flooredChoiceMixesInTheUniformShare() {
        Estimates e = FixedEstimates.means(0.9, 0.1, 0.2, 0.3);
        Policy greedy = Policies.create(new PolicySettings("epsilon-greedy",
                Map.of("epsilon", 0.0, "floor", 0.2)));

        double[] f = frequencies(greedy, e, 3);

        // (1 - 0.2) * (1, 0, 0, 0) + 0.2 / 4
        assertThat(f).containsExactly(new double[] {0.85, 0.05, 0.05, 0.05}, within(0.012));
    }

    @Test
    void defaultChoiceDrawsFromTheProbabilities() {
        Estimates e = FixedEstimates.means(0.5, 0.6, 0.4);
        Policy softmax = Policies.create(new PolicySettings("softmax",
                Map.of("temperature", 0.1)));

        double[] p = softmax.probabilities(e, new SplittableRandom(1));
        double[] f = frequencies(softmax, e, 4);

        assertThat(f).containsExactly(p, within(0.012));
    }
}
