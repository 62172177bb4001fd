package dev.bandstand.simulation.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticFitTest {

    private static final LogisticFit.Row BASE = new LogisticFit.Row(new int[] {0},
            new double[] {1});
    private static final LogisticFit.Row FLAGGED = new LogisticFit.Row(new int[] {0, 1},
            new double[] {1, 1});

    /**
     * Five rounds of one group with two actions: action 0 has features {intercept}, action 1
     * {intercept, flag}. Rounds 0-2 chose action 0 (rewards 1, 1, 0), rounds 3-4 action 1
     * (rewards 1, 0).
     */
    private static LogisticFit fit(double lambda) {
        LogisticFit.Row[] chosen = {BASE, BASE, BASE, FLAGGED, FLAGGED};
        return new LogisticFit(2, lambda, chosen, new double[] {1, 1, 0, 1, 0},
                new int[5], new LogisticFit.Row[][] {{BASE, FLAGGED}});
    }

    @Test
    void withoutPenaltyTheSaturatedModelPredictsEachActionsMeanReward() {
        double[][] q = fit(0).fit(new int[] {1, 1, 1, 1, 1});

        // action 0: 2 of 3; action 1: 1 of 2
        assertThat(q[0][0]).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(q[0][1]).isCloseTo(0.5, within(1e-9));
        assertThat(fit(0).coefficients()[1]).isCloseTo(Math.log(1.0) - Math.log(2.0),
                within(1e-9));
    }

    @Test
    void aResampleRefitsOnItsOwnRounds() {
        // round 1 twice, round 2 once, round 4 twice; without a penalty action 1's all-zero
        // rewards send its coefficient towards -infinity until the step limit
        double[][] q = fit(0).fit(new int[] {0, 2, 1, 0, 2});

        // action 0: rewards 1, 1, 0 -> 2/3; action 1: rewards 0, 0 -> close to 0
        assertThat(q[1][0]).isCloseTo(2.0 / 3, within(1e-6));
        assertThat(q[1][1]).isLessThan(1e-3);
        assertThat(q[0]).isNull();
    }

    @Test
    void thePenaltyPullsTheFlagTowardsTheIntercept() {
        double[] none = fit(0).coefficients();
        double[] some = fit(1).coefficients();

        assertThat(Math.abs(some[1])).isLessThan(Math.abs(none[1]));
        assertThat(List.of(some[0], some[1])).allSatisfy(b -> assertThat(b).isFinite());
    }
}
