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

    /**
     * Draws one choice, for callers that need the choice but not its probability, such as an
     * on-policy simulation. The choice has the distribution {@link #probabilities} describes
     * (up to that method's own estimation error, where it estimates); the default draws from
     * that vector. A policy whose probabilities are costly to compute, such as Thompson
     * sampling's by many posterior draws, overrides this with a cheaper exact draw.
     *
     * @param estimates what the model knows; at least one candidate
     * @param random the caller's seeded generator
     * @return an index in {@code [0, estimates.size())}
     */
    default int choose(Estimates estimates, RandomGenerator random) {
        return Draw.index(probabilities(estimates, random), random);
    }

    /**
     * Draws the choice of one slot, with its probability available on request: the engine's
     * way to choose. The default computes {@link #probabilities} and draws from them, so the
     * probability is the vector's entry. Thompson sampling over independent Beta posteriors
     * draws once from the posterior instead and computes the exact probability of that draw
     * only when asked. A policy that wraps another (floor, burn-in) builds on the other's
     * draw, never on its {@link #probabilities}, so that such a draw stays exact.
     *
     * @param estimates what the model knows; at least one candidate
     * @param random the caller's seeded generator
     * @return never null
     */
    default Drawn draw(Estimates estimates, RandomGenerator random) {
        double[] p = probabilities(estimates, random);
        return Drawn.of(p, Draw.index(p, random));
    }
}
