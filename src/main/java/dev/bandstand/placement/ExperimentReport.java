package dev.bandstand.placement;

import java.util.List;

/**
 * A placement's experiment and mode counters as the store holds them, with their statistics.
 * Rewards and means are on the placement's configured reward scale; intervals are two-sided
 * 95%.
 *
 * @param placement placement name
 * @param experiment experiment name, or null when the placement has none
 * @param control the control variant, or null
 * @param variants per variant, in configuration order; empty without an experiment
 * @param improvement the bandit variant against the uniform one, or null unless the
 *     experiment has both
 * @param modes the best and baseline mode counters
 */
public record ExperimentReport(String placement, String experiment, String control,
        List<VariantStats> variants, Comparison improvement, Modes modes) {

    /** Copies the variants. */
    public ExperimentReport {
        variants = List.copyOf(variants);
    }

    /**
     * One variant's counters and statistics.
     *
     * @param name variant name
     * @param serves policy, uniform or fixed
     * @param armId the fixed arm, or null
     * @param share configured share of users
     * @param holdout whether its rewards are kept from training
     * @param exposures decided slots
     * @param rewards rewarded slots (default rewards at expiry included)
     * @param mean mean reward, or null before any reward
     * @param meanInterval t-interval of the mean, or null below two rewards
     * @param lift the comparison with the control; null for the control itself
     */
    public record VariantStats(String name, String serves, String armId, double share,
            boolean holdout, long exposures, long rewards, Double mean, Interval meanInterval,
            Comparison lift) {
    }

    /**
     * A difference of two variants' mean rewards by Welch's unequal-variance t-test.
     *
     * @param variant the variant compared
     * @param baseline the variant it is compared against
     * @param difference mean of {@code variant} minus mean of {@code baseline}, or null when
     *     either has no reward
     * @param interval Welch t-interval of the difference, or null below two rewards each or
     *     with no variance at all
     * @param pValue two-sided p-value of "no difference", or null when the interval is
     */
    public record Comparison(String variant, String baseline, Double difference,
            Interval interval, Double pValue) {
    }

    /** A closed interval. */
    public record Interval(double low, double high) {
    }

    /**
     * Counters of the request modes.
     *
     * @param bestDecisions decided slots in best mode
     * @param bestRewards their rewards
     * @param bestMean their mean reward, or null
     * @param baselineDecisions decided slots in baseline mode
     * @param baselineAgreed those whose shadow policy draw chose the baseline's arm
     * @param agreement {@code baselineAgreed / baselineDecisions}, or null before any
     */
    public record Modes(long bestDecisions, long bestRewards, Double bestMean,
            long baselineDecisions, long baselineAgreed, Double agreement) {
    }
}
