package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonPolicyTest {

    private final Context context = Fixtures.context();

    @Test
    void probabilitiesSumToOneAndNeverReachZero() {
        Policy policy = new ThompsonPolicy("thompson", 200);
        Estimates clear = new FixedEstimates(new double[] {0.9, 0.1, 0.2},
                new double[] {1000, 1000, 1000}, new double[3]);

        double[] p = policy.probabilities(clear, new SplittableRandom(5));

        // arm 0 wins every draw: (200 + 1/3) / 201; the others keep (1/3) / 201
        assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
        assertThat(p[0]).isCloseTo((200 + 1 / 3.0) / 201, within(1e-12));
        assertThat(p[1]).isCloseTo(1 / 3.0 / 201, within(1e-12));
        assertThat(p[2]).isCloseTo(1 / 3.0 / 201, within(1e-12));
    }

    @Test
    void probabilitiesMatchTheChanceOfWinningAPosteriorDraw() {
        // Beta(4, 8) against Beta(6, 6): P(first > second) by numerical integration with
        // Commons Math BetaDistribution (density times cdf, 10^5 midpoints) is 0.2272
        Policy policy = new ThompsonPolicy("thompson", 100_000);
        Estimates e = new FixedEstimates(new double[] {0.3, 0.5}, new double[] {10, 10},
                new double[2]);

        double[] p = policy.probabilities(e, new SplittableRandom(11));

        // standard error sqrt(0.23 * 0.77 / 1e5) = 0.0013; tolerance about 4 of them
        assertThat(p[0]).isCloseTo(BetaMath.probabilityFirstGreater(4, 8, 6, 6),
                within(0.005));
    }

    @Test
    void empiricalChoiceFrequencyMatchesTheReportedProbabilities() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        List<Arm> arms = Fixtures.arms(3);
        double[][] rewards = {{1, 0, 0, 1}, {1, 1, 1, 0}, {0, 0, 1}};
        for (int a = 0; a < 3; a++) {
            for (double r : rewards[a]) {
                Update u = model.updateFor(context, arms.get(a));
                model.decided(u, 1);
                model.rewarded(u, r, 1);
            }
        }
        Policy policy = new ThompsonPolicy("thompson", 1000);
        SplittableRandom random = new SplittableRandom(13);
        int rounds = 20_000;
        int[] counts = new int[3];
        double[] p = null;

        for (int i = 0; i < rounds; i++) {
            p = policy.probabilities(model.estimates(context, arms, Fixtures.NOW), random);
            counts[Draw.index(p, random)]++;
        }

        // the kept vector is reused, so every round reports the same p; each frequency
        // within 4.5 binomial standard errors (at most 0.0035 for 20,000 rounds)
        for (int a = 0; a < 3; a++) {
            assertThat(counts[a] / (double) rounds).isCloseTo(p[a], within(0.016));
        }
    }

    @Test
    void keptProbabilitiesAreDroppedWhenARewardChangesThePosterior() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        List<Arm> arms = Fixtures.arms(2);
        Policy policy = new ThompsonPolicy("thompson", 500);
        SplittableRandom random = new SplittableRandom(17);
        double[] first = policy.probabilities(model.estimates(context, arms, Fixtures.NOW),
                random);

        double[] again = policy.probabilities(model.estimates(context, arms, Fixtures.NOW),
                random);
        Update u = model.updateFor(context, arms.get(0));
        model.decided(u, 1);
        model.rewarded(u, 1, 1);
        double[] after = policy.probabilities(model.estimates(context, arms, Fixtures.NOW),
                random);

        assertThat(again).containsExactly(first);
        assertThat(after[0]).isGreaterThan(first[0] + 0.1);
    }

    @Test
    void theDefaultThousandDrawsStayWithinMonteCarloErrorOfTheExactProbabilities() {
        // ten Beta posteriors, some close, some far apart; exact P(arm best) by BetaArgmax
        double[] means = {0.05, 0.10, 0.11, 0.12, 0.2, 0.21, 0.3, 0.02, 0.15, 0.25};
        double[] n = {20, 100, 100, 200, 50, 60, 10, 100, 300, 40};
        double[] alpha = new double[10];
        double[] beta = new double[10];
        for (int i = 0; i < 10; i++) {
            alpha[i] = 1 + means[i] * n[i];
            beta[i] = 1 + (1 - means[i]) * n[i];
        }
        Policy policy = new ThompsonPolicy("thompson", 1000);

        double[] p = policy.probabilities(new FixedEstimates(means, n, new double[10]),
                new SplittableRandom(3));

        double[] exact = BetaArgmax.probabilities(alpha, beta);
        for (int i = 0; i < 10; i++) {
            // 4 binomial standard errors of 1,000 draws, plus the 1/(K (M + 1)) floor
            double tolerance = 4 * Math.sqrt(exact[i] * (1 - exact[i]) / 1000) + 1e-4;
            assertThat(p[i]).as("arm %d", i).isCloseTo(exact[i], within(tolerance));
        }
    }
}
