package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThompsonDrawTest {

    private final BetaView view = new BetaView(new double[] {3, 8, 2, 5},
            new double[] {9, 14, 7, 9});

    @Test
    void theChoiceIsDrawnWithTheProbabilityItReports() {
        Policy policy = new ThompsonPolicy("thompson", 1000);
        SplittableRandom random = new SplittableRandom(21);
        int draws = 200_000;
        double[] counts = new double[4];

        for (int m = 0; m < draws; m++) {
            counts[policy.draw(view, random).index()]++;
        }

        double[] exact = BetaArgmax.probabilities(view.alpha(), view.beta());
        for (int i = 0; i < 4; i++) {
            // 5 binomial standard errors of 200,000 draws
            double tolerance = 5 * Math.sqrt(exact[i] * (1 - exact[i]) / draws);
            assertThat(counts[i] / draws).as("arm %d", i).isCloseTo(exact[i], within(tolerance));
        }
    }

    @Test
    void theReportedProbabilityIsTheExactOneAndTheVectorsEntry() {
        Policy policy = new ThompsonPolicy("thompson", 1000);

        Drawn d = policy.draw(view, new SplittableRandom(4));

        double[] exact = BetaArgmax.probabilities(view.alpha(), view.beta());
        assertThat(d.probability()).isEqualTo(exact[d.index()]);
        assertThat(d.probabilities()[d.index()]).isEqualTo(d.probability());
        assertThat(d.probabilities()).containsExactly(exact, within(1e-15));
    }

    @Test
    void anArmFarBehindStillGetsAPositiveProbability() {
        // arm 1 lies wholly below arm 0: its integral is 0, the report is the floor
        BetaView apart = new BetaView(new double[] {900, 10}, new double[] {100, 990});
        Policy policy = new ThompsonPolicy("thompson", 1000);

        double[] p = policy.draw(apart, new SplittableRandom(1)).probabilities();

        assertThat(p[1]).isEqualTo(Double.MIN_NORMAL);
        assertThat(p[0]).isCloseTo(1, within(1e-12));
    }

    @Test
    void estimatesWithoutBetaPosteriorsDrawFromTheMonteCarloVector() {
        Policy policy = new ThompsonPolicy("thompson", 200);
        Estimates clear = new FixedEstimates(new double[] {0.9, 0.1, 0.2},
                new double[] {1000, 1000, 1000}, new double[3]);

        Drawn d = policy.draw(clear, new SplittableRandom(5));

        assertThat(d.index()).isZero();
        assertThat(d.probability()).isCloseTo((200 + 1 / 3.0) / 201, within(1e-12));
    }

    @Test
    void decisionsFromOnePosteriorShareTheExactProbabilitiesAndANewPosteriorDoesNot() {
        java.util.Map<Object, Object> memo = new java.util.HashMap<>();
        Policy policy = new ThompsonPolicy("thompson", 1000);
        SplittableRandom random = new SplittableRandom(8);
        BetaView moved = new BetaView(new double[] {3, 9, 2, 5}, new double[] {9, 14, 7, 9});

        Drawn first = policy.draw(new BetaView(view.alpha(), view.beta(), memo), random);
        double p = first.probability();
        Object kept = memo.values().iterator().next();
        Drawn second = policy.draw(new BetaView(view.alpha(), view.beta(), memo), random);
        double[] all = second.probabilities();
        Object keptAfterSecond = memo.values().iterator().next();
        Drawn third = policy.draw(new BetaView(moved.alpha(), moved.beta(), memo), random);

        double[] exact = BetaArgmax.probabilities(view.alpha(), view.beta());
        assertThat(p).isEqualTo(exact[first.index()]);
        assertThat(keptAfterSecond).isSameAs(kept);
        assertThat(all).containsExactly(exact, within(1e-15));
        assertThat(all[first.index()]).isEqualTo(p);
        assertThat(memo.values().iterator().next()).isNotSameAs(kept);
        assertThat(third.probability()).isEqualTo(BetaArgmax.probability(third.index(),
                moved.alpha(), moved.beta()));
    }
}
