package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxPolicyTest {

    @Test
    void probabilitiesFollowTheBoltzmannFormula() {
        Policy policy = new SoftmaxPolicy(0.1);

        double[] p = policy.probabilities(FixedEstimates.means(0.2, 0.5, 0.3),
                new SplittableRandom(1));

        // exp(-3), 1, exp(-2) over their sum 1.1851223510, worked out by hand
        assertThat(p).containsExactly(
                new double[] {0.0420100661, 0.8437947345, 0.1141951994}, within(1e-9));
    }

    @Test
    void largeMeansOverSmallTemperatureDoNotOverflow() {
        Policy policy = new SoftmaxPolicy(0.001);

        double[] p = policy.probabilities(FixedEstimates.means(0.9, 0.9, 0.1),
                new SplittableRandom(1));

        // exp(900) would overflow; with the best mean subtracted: 1, 1, exp(-800) = 0
        assertThat(p).containsExactly(0.5, 0.5, 0.0);
    }
}
