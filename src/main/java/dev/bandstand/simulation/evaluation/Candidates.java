package dev.bandstand.simulation.evaluation;

import dev.bandstand.config.Defaults;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.FeatureEncoder;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link LogEvaluation.Candidate} for a policy configuration, through the same
 * {@link Policies} and {@link Models} factories the service uses: there is no second copy of
 * any policy.
 */
public final class Candidates {

    /** Context attributes crossed with arm features when a bare policy spec is evaluated. */
    static final List<String> SPEC_CONTEXT = List.of("partOfDay", "device", "activity");

    private Candidates() {
    }

    /**
     * The candidate for a configured placement: its policy, its model (tabular with its
     * buckets, or linear with its feature encoding) and its forgetting.
     *
     * @param name how the candidate is shown
     * @throws IllegalArgumentException when the policy or its parameters are invalid
     */
    public static LogEvaluation.Candidate create(String name, PlacementSettings placement) {
        FeatureEncoder encoder = placement.policy().linear()
                ? new HashingFeatureEncoder(placement.features()) : null;
        return new LogEvaluation.Candidate(name, Policies.create(placement.policy()),
                Models.create(placement, encoder));
    }

    /**
     * The candidate for a bare policy spec: a tabular model over {@code buckets}, or a linear
     * one over the arms' features crossed with part of day, device and activity.
     *
     * @throws IllegalArgumentException when the policy or its parameters are invalid
     */
    public static LogEvaluation.Candidate create(
            String name, PolicySettings policy, List<String> buckets) {
        PlacementSettings placement = new PlacementSettings("evaluate", policy, List.of(),
                Duration.ofMinutes(30), null, 0, 1, buckets,
                Defaults.BACKOFF_MIN_OBSERVATIONS, Defaults.MAX_CANDIDATES_LIMIT,
                Defaults.MAX_COUNT_LIMIT, null, new FeatureSettings(
                        FeatureSettings.DEFAULT_DIMENSIONS, true, SPEC_CONTEXT, Map.of()));
        return create(name, placement);
    }
}
