package dev.bandstand.policy;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.FeatureEncoder;
import java.util.Objects;

/**
 * Builds the model a placement's policy reads: tabular (per context bucket and arm, with
 * back-off) for {@code uniform}, {@code epsilon-greedy}, {@code ucb1}, {@code thompson} and
 * {@code softmax}; linear (ridge regression over the encoder's features) for {@code linucb}
 * and {@code linear-thompson}. Stateless and thread-safe; the models it returns are not.
 */
public final class Models {

    private Models() {
    }

    /**
     * The placement's model with forgetting from {@link Forgetting#forPlacement}.
     *
     * @param placement the placement; its policy is checked as {@link Policies#check} does
     * @param encoder the feature encoder; required for linear policies, may be null otherwise
     * @throws IllegalArgumentException for a bad policy, a negative back-off threshold or a
     *     missing encoder
     */
    public static Model create(PlacementSettings placement, FeatureEncoder encoder) {
        return create(placement, encoder, Forgetting.forPlacement(placement));
    }

    /**
     * The placement's model with the given forgetting, for simulations and for a model
     * re-based to a newer epoch.
     *
     * @param forgetting how sums are weighted; not null
     * @see #create(PlacementSettings, FeatureEncoder)
     */
    public static Model create(PlacementSettings placement, FeatureEncoder encoder,
            Forgetting forgetting) {
        Objects.requireNonNull(forgetting, "forgetting");
        PolicySettings policy = placement.policy();
        Policies.check(policy);
        if (policy.linear()) {
            if (encoder == null) {
                throw new IllegalArgumentException("placement " + placement.name()
                        + ": policy " + policy.type() + " needs a feature encoder");
            }
            if (encoder.dimensions() < 1) {
                throw new IllegalArgumentException("placement " + placement.name()
                        + ": features.dimensions must be at least 1, was "
                        + encoder.dimensions());
            }
            double v = policy.type().equals("linear-thompson")
                    ? policy.param("v", Policies.DEFAULT_V) : 1;
            return new LinearModel(placement.name(), encoder,
                    policy.param("lambda", Policies.DEFAULT_LAMBDA), v, forgetting);
        }
        if (placement.backoffMinObservations() < 0) {
            throw new IllegalArgumentException("placement " + placement.name()
                    + ": backoffMinObservations must be at least 0, was "
                    + placement.backoffMinObservations());
        }
        return new TabularModel(placement.buckets(), placement.backoffMinObservations(),
                forgetting);
    }
}
