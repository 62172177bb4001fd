package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UniformPolicyTest {

    @Test
    void everyCandidateGetsOneOverK() {
        double[] p = new UniformPolicy().probabilities(FixedEstimates.means(0.9, 0.1, 0.5),
                new SplittableRandom(1));

        assertThat(p).containsExactly(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, within(0.0));
    }

    @Test
    void floorMixesInTheUniformShare() {
        Policy policy = new FlooredPolicy(new EpsilonGreedyPolicy(0), 0.1);

        double[] p = policy.probabilities(FixedEstimates.means(0.2, 0.8), new SplittableRandom(1));

        // (1 - 0.1) * [0, 1] + 0.1 / 2
        assertThat(p).containsExactly(new double[] {0.05, 0.95}, within(1e-15));
        assertThat(policy.name()).isEqualTo("epsilon-greedy");
    }
}
