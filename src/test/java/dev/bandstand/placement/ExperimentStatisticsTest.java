package dev.bandstand.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.ExperimentSettings.Serves;
import dev.bandstand.config.ExperimentSettings.Variant;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.policy.StatsFields;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

/** Reference values: Commons Math on the raw rewards, computed here from the same draws. */
class ExperimentStatisticsTest {

    private static final double TOLERANCE = 1e-9;

    private final SplittableRandom random = new SplittableRandom(11);

    private static PlacementSettings placement(double min, double max) {
        ExperimentSettings e = new ExperimentSettings("x", List.of(
                new Variant("control", 0.4, Serves.FIXED, "a"),
                new Variant("bandit", 0.4, Serves.POLICY, null),
                new Variant("explore", 0.2, Serves.UNIFORM, null)), "control", Set.of("explore"));
        return new PlacementSettings("art", new PolicySettings("thompson", Map.of()), List.of(),
                Duration.ofMinutes(1), null, min, max, List.of(), 0, 10, 1, null,
                new FeatureSettings(8, true, List.of(), Map.of()), e);
    }

    /** Draws n normalised rewards, adds their counters to sums, returns them. */
    private double[] rewards(Map<String, Double> sums, String group, int n, double p,
            boolean binary) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = binary ? (random.nextDouble() < p ? 1 : 0)
                    : Math.min(1, Math.max(0, p + 0.2 * (random.nextDouble() - 0.5)));
            final double v = r[i];
            StatsFields.Sink sink = (f, d) -> sums.merge(f, d, Double::sum);
            sink.add(StatsFields.group(group, 'e'), 1);
            sink.add(StatsFields.group(group, 'n'), 1);
            sink.add(StatsFields.group(group, 's'), v);
            sink.add(StatsFields.group(group, 'q'), v * v);
        }
        return r;
    }

    private static SummaryStatistics summary(double[] values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        return s;
    }

    @Test
    void meanIntervalsLiftsAndPValuesMatchCommonsMathOnTheRawRewards() {
        Map<String, Double> sums = new HashMap<>();
        double[] control = rewards(sums, "control", 300, 0.3, true);
        double[] bandit = rewards(sums, "bandit", 250, 0.4, true);
        double[] explore = rewards(sums, "explore", 120, 0.35, true);

        ExperimentReport report = ExperimentStatistics.of(placement(0, 1), sums);

        ExperimentReport.VariantStats b = report.variants().get(1);
        SummaryStatistics sb = summary(bandit);
        double t = new TDistribution(sb.getN() - 1).inverseCumulativeProbability(0.975);
        double half = t * sb.getStandardDeviation() / Math.sqrt(sb.getN());
        assertThat(b.exposures()).isEqualTo(250);
        assertThat(b.rewards()).isEqualTo(250);
        assertThat(b.mean()).isCloseTo(sb.getMean(), within(TOLERANCE));
        assertThat(b.meanInterval().low()).isCloseTo(sb.getMean() - half, within(TOLERANCE));
        assertThat(b.meanInterval().high()).isCloseTo(sb.getMean() + half, within(TOLERANCE));
        assertThat(b.lift().pValue()).isCloseTo(new TTest().tTest(bandit, control),
                within(TOLERANCE));
        assertThat(b.lift().difference())
                .isCloseTo(sb.getMean() - summary(control).getMean(), within(TOLERANCE));
        assertThat(report.variants().get(0).lift()).isNull();
        assertThat(report.variants().get(2).holdout()).isTrue();
        assertThat(report.improvement().pValue()).isCloseTo(new TTest().tTest(bandit, explore),
                within(TOLERANCE));
    }

    @Test
    void welchIntervalOfTheLiftMatchesWelchSatterthwaiteOnAScaledReward() {
        Map<String, Double> sums = new HashMap<>();
        double[] control = rewards(sums, "control", 40, 0.5, false);
        double[] bandit = rewards(sums, "bandit", 70, 0.6, false);

        ExperimentReport report = ExperimentStatistics.of(placement(1, 5), sums);

        // Welch-Satterthwaite by hand on Commons Math summaries, scaled by the range 4
        SummaryStatistics c = summary(control);
        SummaryStatistics b = summary(bandit);
        double va = b.getVariance() / b.getN();
        double vc = c.getVariance() / c.getN();
        double df = (va + vc) * (va + vc)
                / (va * va / (b.getN() - 1) + vc * vc / (c.getN() - 1));
        double half = new TDistribution(df).inverseCumulativeProbability(0.975)
                * Math.sqrt(va + vc);
        double diff = b.getMean() - c.getMean();
        ExperimentReport.Comparison lift = report.variants().get(1).lift();
        assertThat(lift.difference()).isCloseTo(4 * diff, within(TOLERANCE));
        assertThat(lift.interval().low()).isCloseTo(4 * (diff - half), within(TOLERANCE));
        assertThat(lift.interval().high()).isCloseTo(4 * (diff + half), within(TOLERANCE));
        assertThat(lift.pValue()).isCloseTo(new TTest().tTest(bandit, control),
                within(TOLERANCE));
        assertThat(report.variants().get(1).mean())
                .isCloseTo(1 + 4 * b.getMean(), within(TOLERANCE));
    }

    @Test
    void variantsWithTooFewRewardsHaveNoIntervalsAndNoPValues() {
        Map<String, Double> sums = new HashMap<>();
        rewards(sums, "control", 1, 1, true);

        ExperimentReport report = ExperimentStatistics.of(placement(0, 1), sums);

        assertThat(report.variants().get(0).meanInterval()).isNull();
        assertThat(report.variants().get(1).mean()).isNull();
        assertThat(report.variants().get(1).lift().difference()).isNull();
        assertThat(report.improvement().interval()).isNull();
    }
}
