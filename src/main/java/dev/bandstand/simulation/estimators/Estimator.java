package dev.bandstand.simulation.estimators;

/**
 * The off-policy estimators Bandstand offers. Each estimates the target policy's mean reward
 * per round, {@code V(pi) = E_x E_{a ~ pi(.|x)} r(x, a)}, from rounds logged by another
 * policy. Notation: {@code n} rounds, logged action {@code a_t} with propensity {@code p_t}
 * and reward {@code r_t}, target probability {@code pi_t(a)}, importance weight
 * {@code w_t = pi_t(a_t) / p_t}, reward-model prediction {@code q_t(a)}.
 *
 * <p>Every estimator is a ratio of sums over rounds, {@code sum num_t / sum den_t}, which is
 * what the bootstrap resamples.
 */
public enum Estimator {

    /**
     * Replay, Li, Chu, Langford, Wang (2011): the mean reward of the accepted rounds, in the
     * rejection-sampling form of {@link ReplaySampler}. Unbiased on uniform logs (and
     * consistent on any log with full support); for an adaptive target the policy must learn
     * only from accepted rounds, as {@code evaluate} does.
     */
    REPLAY("replay"),

    /**
     * Inverse propensity scoring, the Horvitz and Thompson (1952) estimator:
     * {@code (1/n) sum w_t r_t}. Unbiased when the logging policy gives every action the
     * target may choose a positive probability; high variance when weights are large.
     */
    IPS("IPS"),

    /**
     * Clipped IPS (Bottou et al. 2013, "Counterfactual reasoning and learning systems"):
     * {@code (1/n) sum min(w_t, M) r_t}; biased downwards for non-negative rewards, with
     * variance bounded through the cap M of {@link EstimatorSettings#clip()}.
     */
    CLIPPED_IPS("clipped-IPS"),

    /**
     * Self-normalised IPS (Swaminathan and Joachims 2015, "The self-normalized estimator for
     * counterfactual learning"): {@code sum w_t r_t / sum w_t}; invariant to scaling all
     * weights by a constant, slightly biased, usually far lower variance than IPS.
     */
    SNIPS("SNIPS"),

    /**
     * Direct method: {@code (1/n) sum_t sum_a pi_t(a) q_t(a)}, the reward model's value of
     * the target policy. Low variance, biased as far as the reward model is wrong; see
     * {@link BucketMeanRewardModel} for the model Bandstand fits. Needs no support: where the
     * target puts probability on actions the log could not choose, it extrapolates the model.
     */
    DIRECT_METHOD("DM"),

    /**
     * Doubly robust, Dudík, Langford, Li (2011), "Doubly robust policy evaluation and
     * learning", ICML: {@code (1/n) sum_t [ sum_a pi_t(a) q_t(a) + w_t (r_t - q_t(a_t)) ]}.
     * Unbiased when either the propensities or the reward model are right; equals IPS when
     * the model predicts 0 everywhere.
     */
    DOUBLY_ROBUST("DR");

    private final String label;

    Estimator(String label) {
        this.label = label;
    }

    /** Short name used in tables, such as {@code SNIPS}. */
    public String label() {
        return label;
    }
}
