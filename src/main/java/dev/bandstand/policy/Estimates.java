package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * What a model knows about each candidate of one decision, in the order the candidates came.
 *
 * <p>Rewards are on the normalised scale [0, 1] (the placement's reward range mapped
 * linearly), so that every policy reads the same units. An implementation is a view built for
 * one decision on one thread; it is not shared.
 */
public interface Estimates {

    /** Number of candidates. */
    int size();

    /** Point estimate of the expected normalised reward of candidate {@code i}. */
    double mean(int i);

    /**
     * Effective number of rewarded observations behind {@link #mean(int)}: a plain count, or a
     * decayed weight sum under forgetting. Excludes decisions still waiting for a reward.
     */
    double observations(int i);

    /** Decisions for candidate {@code i} still waiting for a reward (not yet in the mean). */
    double pending(int i);

    /**
     * Standard-error-like uncertainty of {@link #mean(int)}: for linear models
     * {@code sqrt(x' A^-1 x)}, for tabular ones {@code sqrt(1 / (n + 1))}.
     */
    double width(int i);

    /**
     * One joint draw of all candidates' mean rewards from the model's posterior, written to
     * {@code out} (length {@link #size()}).
     */
    void sample(RandomGenerator random, double[] out);

    /**
     * The statistics bucket the estimates were read from, such as {@code morning/phone}, or
     * the empty string for the global bucket; null for models without buckets.
     */
    String bucket();
}
