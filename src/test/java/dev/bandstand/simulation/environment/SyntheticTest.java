package dev.bandstand.simulation.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Truth of the synthetic problems, by hand from their definitions. */
class SyntheticTest {

    private static Synthetic problem(String name, int rounds, int maxDelay) {
        return Synthetic.create(new Synthetic.Settings(name, rounds, 10, null, rounds / 2,
                0.6, 60, maxDelay, 1));
    }

    @Test
    void partOfDayReversesTheRatesAtNightAndTheBestAverageIsPointSeven() {
        Synthetic env = problem("part-of-day", 1000, 0);
        SplittableRandom random = new SplittableRandom(7);
        int nights = 0;

        for (int step = 0; step < 1000; step++) {
            Round r = env.round(step, random);
            boolean night = r.context().partOfDay().equals("night");
            nights += night ? 1 : 0;
            assertThat(r.context().partOfDay()).isIn("night", "morning");
            assertThat(r.expected()).containsExactly(night ? new double[] {0.1, 0.3, 0.7}
                    : new double[] {0.7, 0.3, 0.1}, within(0.0));
            assertThat(env.oracle(r)).isEqualTo(0.7);
            // uniform: (0.7 + 0.3 + 0.1) / 3; best fixed arm: arm 0 or 2, (0.7 + 0.1) / 2
            assertThat(r.baselines()[0]).isCloseTo(1.1 / 3, within(1e-12));
            assertThat(r.baselines()[1]).isCloseTo(0.4, within(1e-12));
        }
        // about half the rounds are at night: binomial(1000, 1/2), 4 standard deviations
        assertThat(nights).isBetween(437, 563);
    }

    @Test
    void flipReversesTheRatesForGoodAtTheChangePoint() {
        Synthetic env = problem("flip", 100, 0);
        SplittableRandom random = new SplittableRandom(7);

        Round before = env.round(49, random);
        Round after = env.round(50, random);

        assertThat(before.expected()).containsExactly(0.7, 0.3, 0.1);
        assertThat(after.expected()).containsExactly(0.1, 0.3, 0.7);
        // best fixed over the run: arm 0 and arm 2 tie at 0.4 a round; arm 0 comes first
        assertThat(before.baselines()[1]).isEqualTo(0.7);
        assertThat(after.baselines()[1]).isEqualTo(0.1);
        assertThat(after.segment()).isEqualTo("after-change");
    }

    @Test
    void newArmJoinsTheCandidatesAtTheChangePoint() {
        Synthetic env = problem("new-arm", 100, 0);
        SplittableRandom random = new SplittableRandom(7);

        Round before = env.round(49, random);
        Round after = env.round(50, random);

        assertThat(before.candidates()).hasSize(3);
        assertThat(after.candidates()).hasSize(4);
        assertThat(after.candidates().get(3).id()).isEqualTo("arm-new");
        assertThat(env.oracle(after)).isEqualTo(0.7);
        assertThat(after.baselines()[1]).isEqualTo(0.7);
    }

    @Test
    void stationaryDrawsTheSameRatesFromTheSameTruthSeed() {
        Synthetic a = problem("stationary", 10, 0);
        Synthetic b = problem("stationary", 10, 0);

        assertThat(a.rates()).hasSize(10).containsExactly(b.rates());
        assertThat(java.util.Arrays.stream(a.rates()).allMatch(r -> r >= 0 && r <= 1)).isTrue();
    }

    @Test
    void delaysStayWithinTheMaximum() {
        Synthetic env = problem("stationary", 10, 50);
        SplittableRandom random = new SplittableRandom(7);
        Round r = env.round(0, random);

        for (int i = 0; i < 1000; i++) {
            assertThat(env.delay(r, random)).isBetween(0, 50);
        }
    }

    @Test
    void unknownProblemIsRejectedWithItsName() {
        assertThatThrownBy(() -> problem("bogus", 10, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bogus");
    }
}
