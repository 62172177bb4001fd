package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class DrawTest {

    @Test
    void drawsEachIndexWithItsProbabilityAndNeverAZero() {
        double[] p = {0.1, 0.0, 0.6, 0.3};
        SplittableRandom random = new SplittableRandom(2);
        int[] counts = new int[4];
        int n = 100_000;

        for (int i = 0; i < n; i++) {
            counts[Draw.index(p, random)]++;
        }

        assertThat(counts[1]).isZero();
        // binomial standard error at most 0.0016; tolerance about 5 of them
        for (int i = 0; i < 4; i++) {
            assertThat(counts[i] / (double) n).isCloseTo(p[i], within(0.008));
        }
    }

    @Test
    void roundingShortOfOneGoesToTheLastPositiveEntry() {
        double[] p = {0.5, 0.5 - 1e-12, 0.0};
        RandomGenerator almostOne = () -> -1L;

        // nextDouble() of a generator whose nextLong() is all ones is 1 - 2^-53
        assertThat(almostOne.nextDouble()).isEqualTo(Math.nextDown(1.0));

        assertThat(Draw.index(p, almostOne)).isEqualTo(1);
    }

    @Test
    void rejectsAVectorWithoutPositiveEntries() {
        assertThatThrownBy(() -> Draw.index(new double[] {0, 0}, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
