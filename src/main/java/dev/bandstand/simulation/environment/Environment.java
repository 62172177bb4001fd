package dev.bandstand.simulation.environment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A world with known truth that a bandit is run against: it produces rounds, draws the
 * realised rewards of what was chosen, and knows the best possible choice (the oracle).
 *
 * <p>Implementations are immutable after construction and safe to share between threads:
 * everything that varies between runs comes from the generators the caller passes, so a run
 * is reproduced by reusing its seeds. Rewards are normalised to [0, 1].
 */
public interface Environment {

    /** Name of the environment, such as {@code movielens-artwork}. */
    String name();

    /** A few sentences for the report: how the truth is made, fitted numbers if any. */
    default String notes() {
        return "";
    }

    /** Number of rounds one run has. */
    int rounds();

    /** Number of arms chosen per round: 1, or K for a slate. */
    int slateSize();

    /**
     * Names of the reference policies whose expected reward each round carries, such as
     * {@code uniform} or {@code best-fixed}; never null, may be empty.
     */
    List<String> baselines();

    /**
     * Round {@code step} of a run. Rounds must be asked for in increasing step order within a
     * run; {@code random} is the run's context generator, used by environments that draw
     * their contexts.
     */
    Round round(int step, RandomGenerator random);

    /**
     * Weight of slate position {@code position} (0-based): the chance that a person looks at
     * it. The expected reward of a slate is the sum over positions of weight times the
     * expected reward of the arm there. 1 for a single choice.
     */
    default double positionWeight(int position) {
        return 1.0;
    }

    /** Expected reward of choosing the candidates {@code chosen} (indexes, in slate order). */
    default double value(Round round, int[] chosen) {
        double v = 0;
        for (int k = 0; k < chosen.length; k++) {
            v += positionWeight(k) * round.expected()[chosen[k]];
        }
        return v;
    }

    /** Expected reward of the best slate in hindsight of the truth (the oracle). */
    default double oracle(Round round) {
        return Slates.bestValue(round.expected(), slateSize(), this::positionWeight);
    }

    /**
     * The realised reward of the candidate {@code index} shown at {@code position}: by default
     * a Bernoulli draw with success probability weight times expected reward.
     */
    default double reward(Round round, int index, int position, RandomGenerator random) {
        double p = positionWeight(position) * round.expected()[index];
        return random.nextDouble() < p ? 1.0 : 0.0;
    }

    /**
     * How many rounds after {@code round} its rewards reach the bandit: 0 means before the
     * next decision.
     */
    default int delay(Round round, RandomGenerator random) {
        return 0;
    }
}
