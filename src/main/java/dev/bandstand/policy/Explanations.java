package dev.bandstand.policy;

/**
 * What a model's estimate of one candidate is made of, for explanations of decisions.
 *
 * <p>For a linear model the mean is {@code x' theta = sum_i theta_i x_i}, so each
 * {@code theta_i x_i} is the contribution of feature slot {@code i} (Li et al., "A
 * contextual-bandit approach to personalized news article recommendation", WWW 2010, for
 * the model). Tabular estimates are a bucket's mean and need no decomposition.
 * Stateless; call under the lock that guards the model the estimates came from.
 */
public final class Explanations {

    private Explanations() {
    }

    /**
     * The per-slot contributions {@code theta_i x_i} to candidate {@code i}'s mean, summing to
     * {@link Estimates#mean(int)} up to rounding; null for estimates that are not linear.
     *
     * @param estimates a model's estimates, not a subset view
     */
    public static double[] contributions(Estimates estimates, int i) {
        if (!(estimates instanceof LinearEstimates linear)) {
            return null;
        }
        double[] x = linear.x(i);
        double[] theta = linear.theta();
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = theta[k] * x[k];
        }
        return out;
    }
}
