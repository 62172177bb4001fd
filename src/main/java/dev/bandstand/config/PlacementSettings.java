package dev.bandstand.config;

import dev.bandstand.context.Arm;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One placement as configured: immutable, checked at start-up.
 *
 * @param name placement name, such as {@code artwork}
 * @param policy the policy and its parameters
 * @param arms fixed arms used when a request brings no candidates; may be empty
 * @param rewardWait how long a decision waits for its reward
 * @param defaultReward reward (on the configured scale) applied when the wait ends with no
 *     reward, or null to apply none
 * @param rewardMin lowest accepted reward
 * @param rewardMax highest accepted reward, greater than {@code rewardMin}
 * @param buckets context attributes keying tabular statistics, finest last; back-off drops
 *     them from the end
 * @param backoffMinObservations a bucket is used once its candidates have at least this many
 *     rewarded observations in total; below that the next coarser bucket is used
 * @param maxCandidates most candidates one request may bring
 * @param maxCount largest slate one request may ask for
 * @param halfLife forgetting half-life, or null for no forgetting
 * @param features feature encoding for linear policies
 * @param experiment the placement's A/B experiment, or null for none
 */
public record PlacementSettings(
        String name,
        PolicySettings policy,
        List<Arm> arms,
        Duration rewardWait,
        Double defaultReward,
        double rewardMin,
        double rewardMax,
        List<String> buckets,
        int backoffMinObservations,
        int maxCandidates,
        int maxCount,
        Duration halfLife,
        FeatureSettings features,
        ExperimentSettings experiment) {

    /** Checks for nulls and copies the lists. */
    public PlacementSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rewardWait, "rewardWait");
        Objects.requireNonNull(features, "features");
        arms = List.copyOf(arms);
        buckets = List.copyOf(buckets);
    }

    /** The same settings without an experiment. */
    public PlacementSettings(String name, PolicySettings policy, List<Arm> arms,
            Duration rewardWait, Double defaultReward, double rewardMin, double rewardMax,
            List<String> buckets, int backoffMinObservations, int maxCandidates, int maxCount,
            Duration halfLife, FeatureSettings features) {
        this(name, policy, arms, rewardWait, defaultReward, rewardMin, rewardMax, buckets,
                backoffMinObservations, maxCandidates, maxCount, halfLife, features, null);
    }

    /** Maps a reward on the configured scale to [0, 1]. */
    public double normalise(double reward) {
        return (reward - rewardMin) / (rewardMax - rewardMin);
    }

    /** Maps a normalised reward back to the configured scale. */
    public double denormalise(double normalised) {
        return rewardMin + normalised * (rewardMax - rewardMin);
    }
}
