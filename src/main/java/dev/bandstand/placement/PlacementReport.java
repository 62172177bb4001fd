package dev.bandstand.placement;

import java.util.List;

/**
 * A placement's statistics as the store holds them, for people to read.
 *
 * @param name placement name
 * @param version the store's statistics version
 * @param modelVersion this instance's local model version
 * @param arms per arm over all contexts (the global bucket); tabular placements only, else
 *     empty
 * @param buckets per context bucket, such as {@code night/tv}; tabular placements only
 * @param linear the regression's summary; linear placements only, else null
 */
public record PlacementReport(
        String name,
        long version,
        long modelVersion,
        List<ArmStats> arms,
        List<BucketStats> buckets,
        LinearStats linear) {

    /**
     * One arm's statistics in one bucket. Counts are weighted sums: plain counts without
     * forgetting.
     *
     * @param armId the arm
     * @param count rewards received
     * @param mean mean reward on the placement's configured scale, or null before any reward
     * @param pending decisions waiting for their reward
     */
    public record ArmStats(String armId, double count, Double mean, double pending) {
    }

    /**
     * The arms of one context bucket.
     *
     * @param bucket the bucket key, such as {@code night/tv}
     * @param arms its arms, in id order
     */
    public record BucketStats(String bucket, List<ArmStats> arms) {
    }

    /**
     * Summary of a linear model: its ridge estimate {@code theta = (lambda I + A)^-1 b}.
     *
     * @param dimensions d
     * @param rewards weighted number of rewards
     * @param pending decisions waiting for their reward
     * @param lambda the ridge prior
     * @param theta the largest coefficients by magnitude, at most {@link Reports#TOP_WEIGHTS}
     * @param jitter 0 when the ridge matrix factored as it is; else the relative raise of its
     *     diagonal that theta needed, infinite when it had to be made diagonally dominant, NaN
     *     when the statistics are not finite (see {@code dev.bandstand.policy.Ridge})
     * @param warning what a non-zero jitter means for theta, or null
     */
    public record LinearStats(int dimensions, double rewards, double pending, double lambda,
            List<Weight> theta, double jitter, String warning) {
    }

    /**
     * One coefficient of theta.
     *
     * @param index position in the feature vector
     * @param value the coefficient, on the normalised reward scale
     * @param feature what lands on that position, as the encoder describes it
     */
    public record Weight(int index, double value, String feature) {
    }
}
