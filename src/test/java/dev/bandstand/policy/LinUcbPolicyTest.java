package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinUcbPolicyTest {

    @Test
    void choosesTheHighestUpperBoundAndSharesTies() {
        // n = 0, 3, 8 give widths sqrt(1/(n+1)) = 1, 0.5, 1/3; with alpha 0.6 the scores are
        // 0.2 + 0.6 = 0.8, 0.5 + 0.3 = 0.8 and 0.7 + 0.2 = 0.9, worked out by hand
        Estimates e = new FixedEstimates(new double[] {0.2, 0.5, 0.7},
                new double[] {0, 3, 8}, new double[3]);

        double[] p = new LinUcbPolicy(0.6).probabilities(e, new SplittableRandom(1));
        double[] tied = new LinUcbPolicy(0.6).probabilities(
                new FixedEstimates(new double[] {0.2, 0.5}, new double[] {0, 3}, new double[2]),
                new SplittableRandom(1));

        assertThat(p).containsExactly(0.0, 0.0, 1.0);
        // 0.8 and 0.8 up to rounding: the tie is shared, not broken by index
        assertThat(tied).containsExactly(new double[] {0.5, 0.5}, within(0.0));
    }
}
