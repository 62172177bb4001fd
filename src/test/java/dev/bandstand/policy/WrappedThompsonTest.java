package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.PolicySettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Floor and burn-in keep Thompson sampling's exact draw: the probability a wrapped draw
 * reports is the mixture of the exact Thompson probability, checked against Commons Math's
 * own integration of the Beta densities ({@link BetaMath#probabilityBest}), not against
 * {@link BetaArgmax}.
 */
class WrappedThompsonTest {

    /** Three arms, one well ahead (as the tester's artwork placement): Beta(1 + s, 1 + f). */
    private static final BetaView THREE = new BetaView(new double[] {31, 12, 6},
            new double[] {11, 20, 9});
    /** Four closer arms. */
    private static final BetaView FOUR = new BetaView(new double[] {3, 8, 2, 5},
            new double[] {9, 14, 7, 9});

    private static Policy thompson(Map<String, Double> params) {
        Map<String, Double> all = new HashMap<>(params);
        all.put("draws", 1000.0);
        return Policies.create(new PolicySettings("thompson", all));
    }

    private static double[] mixture(BetaView view, double floor) {
        return BetaMath.flooredThompson(floor, view.alpha(), view.beta());
    }

    @Test
    void theReferenceValuesAreTheOnesTheTestsCheck() {
        // pinned so that a change of the reference integration shows; they agree with a
        // 30-digit quadrature of the same integrals to 12 digits
        double[] three = mixture(THREE, 0.02);
        double[] four = mixture(FOUR, 0.02);

        assertThat(three).containsExactly(new double[] {0.976879047135, 0.00728613119067,
            0.0158348216745}, within(1e-11));
        assertThat(four).containsExactly(new double[] {0.121000083200, 0.394566999763,
            0.104618478611, 0.379814438426}, within(1e-11));
        assertThat(Arrays.stream(three).sum()).isCloseTo(1, within(1e-12));
        assertThat(Arrays.stream(four).sum()).isCloseTo(1, within(1e-12));
    }

    @Test
    void aFlooredDrawReportsTheExactMixtureForEveryCandidate() {
        for (BetaView view : new BetaView[] {THREE, FOUR}) {
            for (double floor : new double[] {0.02, 0.5}) {
                Policy policy = thompson(Map.of("floor", floor));
                double[] expected = mixture(view, floor);
                SplittableRandom random = new SplittableRandom(3);

                for (int n = 0; n < 40; n++) {
                    Drawn d = policy.draw(view, random);

                    String what = view.size() + " arms, floor " + floor + ", draw " + n;
                    assertThat(d.probability()).as(what)
                            .isCloseTo(expected[d.index()], within(1e-9));
                    assertThat(d.probabilities()).as(what)
                            .containsExactly(expected, within(1e-9));
                    assertThat(d.probabilities()[d.index()]).isEqualTo(d.probability());
                }
            }
        }
    }

    @Test
    void aFlooredDrawChoosesWithTheProbabilitiesItReports() {
        Policy policy = thompson(Map.of("floor", 0.3));
        SplittableRandom random = new SplittableRandom(17);
        int draws = 200_000;
        double[] counts = new double[4];

        for (int m = 0; m < draws; m++) {
            counts[policy.draw(FOUR, random).index()]++;
        }

        double[] expected = mixture(FOUR, 0.3);
        for (int i = 0; i < 4; i++) {
            // 5 binomial standard errors of 200,000 draws
            double tolerance = 5 * Math.sqrt(expected[i] * (1 - expected[i]) / draws);
            assertThat(counts[i] / draws).as("arm %d", i)
                    .isCloseTo(expected[i], within(tolerance));
        }
    }

    @Test
    void aFlooredDrawComputesOnlyTheProbabilityAskedFor() {
        Map<Object, Object> memo = new HashMap<>();
        BetaView view = new BetaView(FOUR.alpha(), FOUR.beta(), memo);
        Policy policy = thompson(Map.of("floor", 0.02));

        Drawn d = policy.draw(view, new SplittableRandom(9));
        ThompsonPolicy.ExactCache exact = (ThompsonPolicy.ExactCache) memo.values().iterator()
                .next();
        int before = exact.computed();
        double p = d.probability();
        int after = exact.computed();

        // the memo keeps the exact probabilities, each computed when first read
        assertThat(memo).hasSize(1);
        assertThat(before).isZero();
        assertThat(after).isOne();
        assertThat(p).isCloseTo(mixture(FOUR, 0.02)[d.index()], within(1e-9));
    }

    @Test
    void afterBurnInTheDrawIsThompsonsExactOneWithOrWithoutFloor() {
        // every arm of FOUR has at least 9 observations: burn-in 5 is over
        for (double floor : new double[] {0, 0.02}) {
            Policy policy = thompson(Map.of("burnIn", 5.0, "floor", floor));
            double[] expected = mixture(FOUR, floor);

            Drawn d = policy.draw(FOUR, new SplittableRandom(12));

            assertThat(d.probability()).as("floor %s", floor)
                    .isCloseTo(expected[d.index()], within(1e-9));
            assertThat(d.probabilities()).as("floor %s", floor)
                    .containsExactly(expected, within(1e-9));
        }
    }

    @Test
    void duringBurnInEveryCandidateHasOneInKWithOrWithoutFloor() {
        // arm 2 of FOUR has 7 observations, below a burn-in of 8
        for (double floor : new double[] {0, 0.02}) {
            Policy policy = thompson(Map.of("burnIn", 8.0, "floor", floor));

            Drawn d = policy.draw(FOUR, new SplittableRandom(12));

            assertThat(d.probabilities()).as("floor %s", floor)
                    .containsExactly(new double[] {0.25, 0.25, 0.25, 0.25}, within(1e-15));
        }
    }
}
