package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EpsilonGreedyPolicyTest {

    @Test
    void uniqueGreedyArmGetsOneMinusEpsilonPlusItsShare() {
        Policy policy = new EpsilonGreedyPolicy(0.2);

        double[] p = policy.probabilities(FixedEstimates.means(0.1, 0.7, 0.3, 0.5),
                new SplittableRandom(1));

        // 1 - 0.2 + 0.2 / 4 = 0.85 and 0.2 / 4 = 0.05, by hand
        assertThat(p).containsExactly(new double[] {0.05, 0.85, 0.05, 0.05}, within(1e-15));
    }

    @Test
    void tiedGreedyArmsShareTheGreedyMass() {
        Policy policy = new EpsilonGreedyPolicy(0.2);

        double[] p = policy.probabilities(FixedEstimates.means(0.7, 0.1, 0.7 + 1e-13, 0.3),
                new SplittableRandom(1));

        // (1 - 0.2) / 2 + 0.05 = 0.45 for both arms within 1e-12 of the best
        assertThat(p).containsExactly(new double[] {0.45, 0.05, 0.45, 0.05}, within(1e-15));
    }

    @Test
    void zeroEpsilonIsGreedy() {
        double[] p = new EpsilonGreedyPolicy(0).probabilities(FixedEstimates.means(0.2, 0.4),
                new SplittableRandom(1));

        assertThat(p).containsExactly(0.0, 1.0);
    }
}
