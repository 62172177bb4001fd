package dev.bandstand.placement;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.StableUnit;
import java.util.List;
import java.util.Objects;

/**
 * Sticky, deterministic assignment of decisions to the variants of a placement's experiment.
 *
 * <p>A user's point {@code u = StableUnit.of(experiment name, "user:" + userId)} in [0, 1)
 * falls into the variant whose cumulative share interval holds it, so the same user gets
 * the same variant on every instance and every call. A request without a user id is
 * assigned by {@code "event:" + eventId} instead: one such person may see several variants.
 * Immutable and thread-safe.
 */
final class Experiment {

    private final ExperimentSettings settings;
    private final double[] upper;

    Experiment(ExperimentSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        List<ExperimentSettings.Variant> variants = settings.variants();
        upper = new double[variants.size()];
        double sum = 0;
        for (int i = 0; i < upper.length; i++) {
            sum += variants.get(i).share();
            upper[i] = sum;
        }
    }

    ExperimentSettings settings() {
        return settings;
    }

    /** The variant of {@code userId}, or of {@code eventId} when there is no user id. */
    ExperimentSettings.Variant assign(String userId, String eventId) {
        String key = userId != null ? "user:" + userId : "event:" + eventId;
        double u = StableUnit.of(settings.name(), key);
        for (int i = 0; i < upper.length - 1; i++) {
            if (u < upper[i]) {
                return settings.variants().get(i);
            }
        }
        // the last variant also takes what rounding of the shares' sum leaves over
        return settings.variants().get(upper.length - 1);
    }

    /**
     * How a decision is served: a mode asked for by the request wins over the experiment
     * (its decisions are counted under the mode, never under a variant).
     *
     * @throws Rejection 400 when a fixed variant's arm is not among the candidates
     */
    static Serving serving(Experiment experiment, String mode, String userId, String eventId,
            List<Arm> candidates) {
        if ("best".equals(mode)) {
            return new Serving(Serving.Kind.BEST, -1, Serving.BEST_GROUP, false, null, mode);
        }
        if ("baseline".equals(mode)) {
            // group and training are settled by the shadow draw in Placement.choose
            return new Serving(Serving.Kind.BASELINE, -1, null, false, null, mode);
        }
        if (experiment == null) {
            return Serving.POLICY;
        }
        ExperimentSettings.Variant v = experiment.assign(userId, eventId);
        boolean trains = !experiment.settings.holdout().contains(v.name());
        return switch (v.serves()) {
            case POLICY -> new Serving(Serving.Kind.POLICY, -1, v.name(), trains, v.name(), null);
            case UNIFORM -> new Serving(Serving.Kind.UNIFORM, -1, v.name(), trains, v.name(),
                    null);
            case FIXED -> new Serving(Serving.Kind.FIXED, fixedIndex(v, candidates), v.name(),
                    trains, v.name(), null);
        };
    }

    private static int fixedIndex(ExperimentSettings.Variant v, List<Arm> candidates) {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).id().equals(v.armId())) {
                return i;
            }
        }
        throw Rejection.badRequest("INVALID_VALUE", "candidates", "experiment variant "
                + v.name() + " serves arm " + v.armId() + ", which is not among the candidates");
    }
}
