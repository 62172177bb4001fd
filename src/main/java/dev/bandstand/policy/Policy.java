package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * A decision rule: from what a model knows about the candidates, the probability of choosing
 * each of them for one slot.
 *
 * <p>The returned probabilities are the true probabilities with which the caller draws the
 * choice: every entry in [0, 1], summing to 1 (within 1e-9). A candidate the rule may choose
 * never gets 0. Implementations are pure: no state but their parameters; all randomness
 * comes from the given generator, so a seeded generator reproduces a run.
 */
public interface Policy {

    /** Short configuration name, such as {@code epsilon-greedy}. */
    String name();

    /**
     * The choice distribution over the candidates of {@code estimates}.
     *
     * @param estimates what the model knows; at least one candidate
     * @param random the caller's seeded generator; used by randomised rules only
     * @return a new array of length {@code estimates.size()}
     */
    double[] probabilities(Estimates estimates, RandomGenerator random);
}
