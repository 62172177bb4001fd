package dev.bandstand.simulation.estimators;

/**
 * The rejection-sampling rule of replay: which logged rounds a target policy "would have
 * seen", decided by a seeded uniform draw per round index.
 *
 * <p>Li, Chu, Langford, Wang (2011), "Unbiased offline evaluation of contextual-bandit-based
 * news article recommendation algorithms", WSDM, keep a round of a uniformly random log when
 * the target policy's choice equals the logged one. This class uses the rejection-sampling
 * form that also covers stochastic targets and non-uniform logs: round {@code t} is accepted
 * when {@code u_t < pi(a_t | x_t) * pMin / p_t}, with {@code u_t} uniform in [0, 1),
 * {@code pi} the target probability, {@code p_t} the logged propensity and {@code pMin} the
 * smallest propensity of the log. Then {@code P(accept, a | x) = pMin * pi(a | x)}, so the
 * accepted rounds are distributed as if the target policy had chosen them. For a
 * deterministic target on a uniform log the rule is exactly "keep the rounds where the
 * choices agree".
 *
 * <p>Limitations: on a log with very uneven propensities {@code pMin / p_t} is small and
 * few rounds survive; the effective sample size (accepted rounds) shows it.
 *
 * <p>The draw for round {@code t} depends only on the seed and {@code t}, so an adaptive
 * policy replayed online and the estimator afterwards agree on the accepted rounds.
 * Immutable and thread-safe.
 */
public final class ReplaySampler {

    private final long seed;
    private final double minPropensity;

    /**
     * @param seed seed of the per-round draws
     * @param minPropensity smallest logged propensity of the rounds, in (0, 1]
     */
    public ReplaySampler(long seed, double minPropensity) {
        if (!(minPropensity > 0 && minPropensity <= 1)) {
            throw new IllegalArgumentException(
                    "minPropensity must be in (0, 1]: " + minPropensity);
        }
        this.seed = seed;
        this.minPropensity = minPropensity;
    }

    /**
     * Whether round {@code index} is accepted.
     *
     * @param index position of the round in the log, 0-based
     * @param targetProbability the target policy's probability of the logged action
     * @param propensity the logged propensity, {@code >= minPropensity}
     */
    public boolean accepts(int index, double targetProbability, double propensity) {
        return draw(index) < targetProbability * (minPropensity / propensity);
    }

    /** The uniform draw in [0, 1) of round {@code index}. */
    double draw(int index) {
        // SplitMix64 finaliser over seed and index: independent-looking draws per index.
        long z = seed + 0x9E3779B97F4A7C15L * (index + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
