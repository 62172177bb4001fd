package dev.bandstand.placement;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.ContextFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a decision request is checked and turned into before a placement chooses. */
final class DecisionInputs {

    private DecisionInputs() {
    }

    /** The request's context; a bad field is a 400 naming it. */
    static Context context(ContextFactory factory, DecisionRequest r) {
        try {
            return factory.create(r.timestamp(), r.timeZone(), r.device(), r.activity(),
                    r.features());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String field = colon > 0 && message.startsWith("context.")
                    ? message.substring(0, colon) : "context";
            throw Rejection.badRequest("INVALID_VALUE", field, message);
        }
    }

    /**
     * In a linear placement, every numeric feature the model reads within its bound
     * ({@link FeatureSettings#check}): each candidate's, and the context's that
     * {@link FeatureSettings#context} crosses with them (the others only reach the decision
     * log). Other placements take any number the API takes.
     *
     * @throws Rejection 400 {@code INVALID_VALUE} naming the field, such as
     *     {@code candidates[0].features.energy}, and the bound
     */
    static void checkBounds(PlacementSettings settings, DecisionRequest request) {
        if (!settings.policy().linear()) {
            return;
        }
        Map<String, Object> crossed = new HashMap<>(request.features());
        crossed.keySet().retainAll(settings.features().context());
        checkBounds(settings, "context.features", crossed);
        List<Arm> candidates = request.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            checkBounds(settings, "candidates[" + i + "].features",
                    candidates.get(i).features());
        }
    }

    /**
     * In a linear placement, every numeric value of {@code features}, given at {@code path},
     * within its bound.
     *
     * @throws Rejection 400 {@code INVALID_VALUE} naming {@code path.name} and the bound
     */
    static void checkBounds(PlacementSettings settings, String path,
            Map<String, Object> features) {
        if (!settings.policy().linear()) {
            return;
        }
        for (Map.Entry<String, Object> e : features.entrySet()) {
            if (e.getValue() instanceof Number number) {
                String problem = settings.features().check(e.getKey(), number.doubleValue());
                if (problem != null) {
                    String field = path + "." + e.getKey();
                    throw Rejection.badRequest("INVALID_VALUE", field, field + " " + problem);
                }
            }
        }
    }

    /**
     * The request's candidates (or the placement's arms) without retired and excluded ones,
     * checked against the placement's limits. A refusal names what left none: the request's
     * {@code candidates} (all retired) or its {@code excludedArmIds}.
     *
     * @throws Rejection 400 {@code NO_CANDIDATES}, {@code TOO_MANY_CANDIDATES} or
     *     {@code OUT_OF_RANGE} (count)
     */
    static List<Arm> candidates(Placement placement, DecisionRequest request) {
        PlacementSettings settings = placement.settings();
        boolean configured = request.candidates().isEmpty();
        List<Arm> candidates = configured ? placement.arms().fixed()
                : placement.arms().open(request.candidates());
        if (candidates.isEmpty()) {
            throw Rejection.badRequest("NO_CANDIDATES", "candidates", configured
                    ? "placement " + settings.name() + " has no arms: send candidates"
                    : "every candidate is retired");
        }
        Set<String> excluded = request.rules().excludedArmIds();
        if (!excluded.isEmpty()) {
            int before = candidates.size();
            candidates = candidates.stream().filter(a -> !excluded.contains(a.id())).toList();
            if (candidates.isEmpty()) {
                throw Rejection.badRequest("NO_CANDIDATES", "excludedArmIds",
                        "excludedArmIds left no candidates: it excludes all " + before
                                + (configured ? " arms of placement " + settings.name()
                                        : " candidates not retired"));
            }
        }
        if (candidates.size() > settings.maxCandidates()) {
            // without candidates in the request the arms are the placement's own: arms added
            // on several instances at once can outnumber the limit
            throw Rejection.badRequest("TOO_MANY_CANDIDATES", configured ? null : "candidates",
                    configured ? "placement " + settings.name() + " has more arms than its"
                            + " maxCandidates (" + settings.maxCandidates() + "), "
                            + candidates.size() + " open: retire some, or send candidates"
                            : "at most " + settings.maxCandidates() + " candidates, got "
                                    + candidates.size());
        }
        int limit = Math.min(settings.maxCount(), candidates.size());
        if (request.count() > limit) {
            throw Rejection.badRequest("OUT_OF_RANGE", "count",
                    "count must be at most " + limit + " (maxCount " + settings.maxCount()
                            + ", " + candidates.size() + " candidates): " + request.count());
        }
        return candidates;
    }
}
