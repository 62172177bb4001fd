package dev.bandstand.policy;

/**
 * Estimates that can keep a policy's probability vector for as long as the statistics it
 * depends on stay the same, so that a Monte Carlo policy need not redo its draws on every
 * decision. The model that made the estimates decides when a kept vector goes stale.
 *
 * <p>Drawing the choice from a kept vector is still exact: the reported probability is the
 * probability of the procedure that is run, whichever draws produced the vector.
 */
interface ProbabilityMemo {

    /**
     * What is kept for {@code key} (compared with equals), or null: a probability vector, or
     * what a policy computes one from; do not modify it.
     */
    Object recall(Object key);

    /** Keeps {@code value} for {@code key}; the caller gives it up. */
    void remember(Object key, Object value);
}
