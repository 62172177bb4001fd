package dev.bandstand.placement;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Explanations;
import dev.bandstand.policy.Policies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds the {@link Explanation} of each chosen arm from the estimates it was drawn from. */
// A tabular explanation adds 5-28% to the 0.29 us choice alone (two allocations), 11-14% to a
// whole in-process decision; see docs/benchmarks-experiments.md
final class Explainer {

    /** Most linear contributions an explanation lists. */
    static final int TOP_CONTRIBUTIONS = 5;

    private final FeatureNames names;
    // the LinUCB alpha, or NaN for policies without a bonus; read once per placement
    private final double alpha;

    /**
     * @param names the linear model's slot names, or null for a tabular placement
     */
    Explainer(PlacementSettings settings, FeatureNames names) {
        this.names = names;
        this.alpha = settings.policy().type().equals("linucb")
                ? settings.policy().param("alpha", Policies.DEFAULT_ALPHA) : Double.NaN;
    }

    /**
     * One explanation per chosen candidate index, in slate order.
     *
     * @param all the estimates of every candidate (not a subset view)
     * @param means the mean of each candidate of {@code all}
     * @param explored for each slot, whether its choice explored (as the decision reports)
     * @param now the decision's time, for the age of cached names
     */
    List<Explanation> explain(Instant now, Estimates all, double[] means, List<Arm> candidates,
            int[] chosen, boolean[] explored) {
        if (chosen.length == 1) {
            return List.of(explain(now, all, means[chosen[0]], explored[0], candidates,
                    chosen[0]));
        }
        List<Explanation> out = new ArrayList<>(chosen.length);
        for (int k = 0; k < chosen.length; k++) {
            out.add(explain(now, all, means[chosen[k]], explored[k], candidates, chosen[k]));
        }
        return out;
    }

    private Explanation explain(Instant now, Estimates all, double mean, boolean explored,
            List<Arm> candidates, int c) {
        double width = all.width(c);
        double[] terms = Explanations.contributions(all, c);
        List<Explanation.Contribution> top = List.of();
        double rest = 0;
        if (terms != null) {
            top = new ArrayList<>(TOP_CONTRIBUTIONS);
            rest = top(terms, names, now, top);
        }
        return new Explanation(candidates.get(c).id(), explored, mean, width,
                Double.isNaN(alpha) ? null : alpha * width, all.bucket(), all.observations(c),
                top, rest);
    }

    /** Fills {@code top} with the largest terms by magnitude; returns the sum of the others. */
    private static double top(double[] terms, FeatureNames names, Instant now,
            List<Explanation.Contribution> top) {
        // a partial selection: at most TOP_CONTRIBUTIONS passes over d terms, no sorting
        boolean[] taken = new boolean[terms.length];
        for (int n = 0; n < TOP_CONTRIBUTIONS; n++) {
            int arg = -1;
            for (int i = 0; i < terms.length; i++) {
                if (!taken[i] && terms[i] != 0
                        && (arg < 0 || Math.abs(terms[i]) > Math.abs(terms[arg]))) {
                    arg = i;
                }
            }
            if (arg < 0) {
                break;
            }
            taken[arg] = true;
            String name = names == null ? "" : names.name(arg, now);
            top.add(new Explanation.Contribution(name, arg, terms[arg]));
        }
        double rest = 0;
        for (int i = 0; i < terms.length; i++) {
            if (!taken[i]) {
                rest += terms[i];
            }
        }
        return rest;
    }
}
