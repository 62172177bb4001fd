package dev.bandstand.placement;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.policy.StatsFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.StatisticalSummaryValues;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Turns the group counters of a store snapshot into an {@link ExperimentReport}.
 *
 * <p>Each variant's rewards {@code r_1..r_n} (normalised) are summarised by {@code n},
 * {@code s = sum r}, {@code q = sum r^2}: mean {@code s / n}, sample variance
 * {@code (q - s^2 / n) / (n - 1)}. The mean's interval is Student's t-interval with
 * {@code n - 1} degrees of freedom; a difference of two means uses Welch's t-test
 * (B. L. Welch, "The generalization of Student's problem when several different population
 * variances are involved", Biometrika 34, 1947) with Welch-Satterthwaite degrees of freedom,
 * by Commons Math's {@link TTest}. Rewards are treated as independent; with 0/1 rewards the
 * t-interval is the usual normal approximation. Stateless.
 */
final class ExperimentStatistics {

    /** Two-sided confidence level of every interval. */
    static final double LEVEL = 0.95;

    private ExperimentStatistics() {
    }

    static ExperimentReport of(PlacementSettings settings, Map<String, Double> sums) {
        ExperimentSettings e = settings.experiment();
        double scale = settings.rewardMax() - settings.rewardMin();
        ExperimentReport.Modes modes = modes(settings, sums);
        if (e == null) {
            return new ExperimentReport(settings.name(), null, null, List.of(), null, modes);
        }
        Summary control = Summary.of(sums, e.control());
        List<ExperimentReport.VariantStats> variants = new ArrayList<>();
        String policyVariant = null;
        String uniformVariant = null;
        for (ExperimentSettings.Variant v : e.variants()) {
            Summary s = Summary.of(sums, v.name());
            ExperimentReport.Comparison lift = v.name().equals(e.control()) ? null
                    : compare(v.name(), s, e.control(), control, scale);
            variants.add(new ExperimentReport.VariantStats(v.name(),
                    v.serves().name().toLowerCase(java.util.Locale.ROOT), v.armId(), v.share(),
                    e.holdout().contains(v.name()), s.exposures(), (long) s.n(),
                    s.n() > 0 ? settings.denormalise(s.mean()) : null,
                    meanInterval(s, settings), lift));
            if (v.serves() == ExperimentSettings.Serves.POLICY && policyVariant == null) {
                policyVariant = v.name();
            }
            if (v.serves() == ExperimentSettings.Serves.UNIFORM && uniformVariant == null) {
                uniformVariant = v.name();
            }
        }
        ExperimentReport.Comparison improvement = policyVariant == null
                || uniformVariant == null ? null
                : compare(policyVariant, Summary.of(sums, policyVariant), uniformVariant,
                        Summary.of(sums, uniformVariant), scale);
        return new ExperimentReport(settings.name(), e.name(), e.control(), variants,
                improvement, modes);
    }

    /** Student's t-interval of one mean, on the configured scale. */
    static ExperimentReport.Interval meanInterval(Summary s, PlacementSettings settings) {
        if (s.n() < 2) {
            return null;
        }
        double t = new TDistribution(s.n() - 1).inverseCumulativeProbability(upper());
        double half = t * Math.sqrt(s.variance() / s.n());
        return new ExperimentReport.Interval(settings.denormalise(s.mean() - half),
                settings.denormalise(s.mean() + half));
    }

    /** Welch's comparison of {@code a} with {@code b}, differences scaled by {@code scale}. */
    static ExperimentReport.Comparison compare(String aName, Summary a, String bName, Summary b,
            double scale) {
        if (a.n() < 1 || b.n() < 1) {
            return new ExperimentReport.Comparison(aName, bName, null, null, null);
        }
        double difference = a.mean() - b.mean();
        double va = a.variance() / a.n();
        double vb = b.variance() / b.n();
        double se = Math.sqrt(va + vb);
        if (a.n() < 2 || b.n() < 2 || !(se > 0)) {
            return new ExperimentReport.Comparison(aName, bName, difference * scale, null, null);
        }
        // Welch-Satterthwaite degrees of freedom, as Commons Math's TTest uses them
        double df = (va + vb) * (va + vb)
                / (va * va / (a.n() - 1) + vb * vb / (b.n() - 1));
        double half = new TDistribution(df).inverseCumulativeProbability(upper()) * se;
        double p = new TTest().tTest(a.values(), b.values());
        return new ExperimentReport.Comparison(aName, bName, difference * scale,
                new ExperimentReport.Interval((difference - half) * scale,
                        (difference + half) * scale), p);
    }

    private static ExperimentReport.Modes modes(PlacementSettings settings,
            Map<String, Double> sums) {
        Summary best = Summary.of(sums, Serving.BEST_GROUP);
        Summary agree = Summary.of(sums, Serving.AGREE_GROUP);
        Summary differ = Summary.of(sums, Serving.DIFFER_GROUP);
        long baseline = agree.exposures() + differ.exposures();
        return new ExperimentReport.Modes(best.exposures(), (long) best.n(),
                best.n() > 0 ? settings.denormalise(best.mean()) : null, baseline,
                agree.exposures(), baseline > 0 ? (double) agree.exposures() / baseline : null);
    }

    private static double upper() {
        return 1 - (1 - LEVEL) / 2;
    }

    /** One group's counters: exposures and the sufficient statistics of its rewards. */
    record Summary(long exposures, double n, double s, double q) {

        static Summary of(Map<String, Double> sums, String group) {
            return new Summary(
                    Math.round(sums.getOrDefault(StatsFields.group(group, 'e'), 0.0)),
                    sums.getOrDefault(StatsFields.group(group, 'n'), 0.0),
                    sums.getOrDefault(StatsFields.group(group, 's'), 0.0),
                    sums.getOrDefault(StatsFields.group(group, 'q'), 0.0));
        }

        double mean() {
            return s / n;
        }

        /** Sample variance; 0 when rounding makes it negative. */
        double variance() {
            return n < 2 ? 0 : Math.max(0, (q - s * s / n) / (n - 1));
        }

        StatisticalSummaryValues values() {
            return new StatisticalSummaryValues(mean(), variance(), (long) n, Double.NaN,
                    Double.NaN, s);
        }
    }
}
