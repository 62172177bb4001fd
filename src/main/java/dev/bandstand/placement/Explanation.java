package dev.bandstand.placement;

import java.util.List;

/**
 * Why one arm of a decision was chosen: what the model knew about it, in normalised reward
 * units ([0, 1]).
 *
 * @param armId the chosen arm
 * @param explored true when its mean is below the best candidate's (it was drawn to explore)
 * @param mean the model's mean estimate (the linear score {@code x' theta})
 * @param uncertainty {@code sqrt(x' A^-1 x)} for linear models, {@code sqrt(1 / (n + 1))}
 *     for tabular ones
 * @param bonus the LinUCB confidence bonus {@code alpha * uncertainty}; null for other
 *     policies
 * @param bucket the tabular bucket the statistics came from ("" the global one); null for
 *     linear models
 * @param count rewarded observations behind the mean (the bucket's, or the model's total)
 * @param contributions the largest terms {@code theta_i x_i} of a linear score by magnitude;
 *     empty for tabular models
 * @param rest the sum of the linear terms not listed, so that the listed ones plus
 *     {@code rest} equal {@code mean}; 0 for tabular models
 */
public record Explanation(String armId, boolean explored, double mean, double uncertainty,
        Double bonus, String bucket, double count, List<Contribution> contributions,
        double rest) {

    /** Copies the contributions. */
    public Explanation {
        contributions = List.copyOf(contributions);
    }

    /**
     * One term of a linear score.
     *
     * @param feature the raw features hashed onto the slot, as the feature encoder names them
     * @param index the slot of the feature vector
     * @param value {@code theta_i x_i}
     */
    public record Contribution(String feature, int index, double value) {
    }
}
