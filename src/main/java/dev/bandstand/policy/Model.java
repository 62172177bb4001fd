package dev.bandstand.policy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The local statistics of one placement and how to read them for a decision.
 *
 * <p>Two kinds exist: tabular (per context bucket and arm) and linear (ridge regression over
 * context-by-arm features). A model applies the same increments as the stores (see
 * {@link StatsFields}), so that {@link #load} of a store's sums reproduces it. Not
 * thread-safe: the owner serialises calls.
 */
public interface Model {

    /** What is known about each candidate in this context at time {@code now}. */
    Estimates estimates(Context context, List<Arm> candidates, Instant now);

    /** The recipe a decision choosing {@code arm} in {@code context} keeps until its reward. */
    Update updateFor(Context context, Arm arm);

    /** Records a decision as pending; see {@link StatsFields#decided}. */
    void decided(Update update, double weight);

    /** Learns a normalised reward in [0, 1]; see {@link StatsFields#rewarded}. */
    void rewarded(Update update, double reward, double weight);

    /** Forgets a pending decision that got no reward; see {@link StatsFields#dropped}. */
    void dropped(Update update, double weight);

    /**
     * Replaces all statistics with a store's sums (as {@link StatsFields} names them).
     *
     * @param sums field name to sum; fields absent are zero
     * @param version the store's version of these sums
     */
    void load(Map<String, Double> sums, long version);

    /**
     * Replaces the warm starts of arms ({@link ArmPrior}), arm id to prior. The default
     * ignores them: a linear model scores a new arm from its features.
     */
    default void priors(Map<String, ArmPrior> priors) {
    }

    /** A copy of the statistics as additive sums, in {@link StatsFields} names. */
    Map<String, Double> sums();

    /** Version of the statistics: the store's version at the last load plus local changes. */
    long version();
}
