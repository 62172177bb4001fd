package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;

class BetaArgmaxTest {

    /**
     * P(Y > X) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2) with a whole a2, in closed form:
     * {@code sum_{i<a2} B(a1 + i, b1 + b2) / ((b2 + i) B(1 + i, b2) B(a1, b1))}.
     */
    private static double secondGreater(double a1, double b1, int a2, double b2) {
        double sum = 0;
        for (int i = 0; i < a2; i++) {
            sum += Math.exp(Beta.logBeta(a1 + i, b1 + b2) - Math.log(b2 + i)
                    - Beta.logBeta(1 + i, b2) - Beta.logBeta(a1, b1));
        }
        return sum;
    }

    @Test
    void twoArmsMatchTheClosedForm() {
        double[][] cases = {{1, 1, 1, 1}, {3, 8, 5, 9}, {12, 30, 10, 31}, {40, 900, 55, 1000},
            {2, 2, 1, 40}, {400, 3600, 420, 3600}};

        for (double[] c : cases) {
            double[] p = BetaArgmax.probabilities(new double[] {c[0], c[2]},
                    new double[] {c[1], c[3]});

            double expected = secondGreater(c[0], c[1], (int) c[2], c[3]);
            assertThat(p[1]).as("P(arm 2 best) for %s", java.util.Arrays.toString(c))
                    .isCloseTo(expected, within(1e-6));
            assertThat(p[0] + p[1]).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void identicalArmsShareEvenly() {
        double[] p = BetaArgmax.probabilities(new double[] {1, 1, 1, 1},
                new double[] {1, 1, 1, 1});

        assertThat(p).containsExactly(0.25, 0.25, 0.25, 0.25);
    }

    @Test
    void identicalLeadersShareEvenlyAboveArmsFarBelow() {
        // two arms at Beta(900, 100), two at Beta(100, 900): 40 deviations apart
        double[] p = BetaArgmax.probabilities(new double[] {900, 100, 900, 100},
                new double[] {100, 900, 100, 900});

        assertThat(p).containsExactly(0.5, 0, 0.5, 0);
        assertThat(BetaArgmax.probabilities(new double[] {900, 100}, new double[] {100, 900}))
                .containsExactly(1, 0);
    }

    @Test
    void tenArmsMatchAMillionPosteriorDraws() {
        // alpha = 1 + clicks, beta = 1 + misses of ten arms, some far apart, some close
        double[] alpha = {1, 6, 11, 21, 23, 31.5, 5, 2, 40, 38};
        double[] beta = {1, 95, 90, 180, 178, 170, 96, 99, 161, 163};
        SplittableRandom random = new SplittableRandom(7);
        int draws = 1_000_000;
        double[] wins = new double[alpha.length];
        for (int m = 0; m < draws; m++) {
            int best = 0;
            double top = -1;
            for (int i = 0; i < alpha.length; i++) {
                double x = Sampling.beta(alpha[i], beta[i], random);
                if (x > top) {
                    top = x;
                    best = i;
                }
            }
            wins[best]++;
        }

        double[] p = BetaArgmax.probabilities(alpha, beta);

        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double share = wins[i] / draws;
            // 5 binomial standard errors of the Monte Carlo share, at least 1e-4
            double tolerance = Math.max(1e-4, 5 * Math.sqrt(share * (1 - share) / draws));
            assertThat(p[i]).as("arm %d", i).isCloseTo(share, within(tolerance));
            assertThat(p[i]).isGreaterThanOrEqualTo(0);
            sum += p[i];
        }
        assertThat(sum).isCloseTo(1, within(1e-6));
    }

    @Test
    void oneArmAloneIsItsOwnEntry() {
        double[] alpha = {3, 8, 2};
        double[] beta = {9, 4, 7};

        double[] all = BetaArgmax.probabilities(alpha, beta);

        for (int i = 0; i < 3; i++) {
            assertThat(BetaArgmax.probability(i, alpha, beta)).isEqualTo(all[i]);
        }
    }

    @Test
    void armsWithTheSamePosteriorAreComputedAsOneAndStillMatchDraws() {
        // 200 untried arms and one with 3 of 10: the tried one against 200 uniform draws
        int k = 201;
        double[] alpha = new double[k];
        double[] beta = new double[k];
        java.util.Arrays.fill(alpha, 1);
        java.util.Arrays.fill(beta, 1);
        alpha[0] = 4;
        beta[0] = 8;

        double[] p = BetaArgmax.probabilities(alpha, beta);

        // P(X > max of 200 uniforms) = E[X^200] for X ~ Beta(4, 8): B(204, 8) / B(4, 8)
        double expected = Math.exp(Beta.logBeta(204, 8) - Beta.logBeta(4, 8));
        assertThat(p[0]).isCloseTo(expected, within(1e-9));
        assertThat(p[0]).isCloseTo(expected, org.assertj.core.api.Assertions.withinPercentage(1));
        assertThat(p[1]).isEqualTo(p[200]);
        assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1, within(1e-6));
    }
}
