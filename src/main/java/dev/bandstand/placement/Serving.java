package dev.bandstand.placement;

import dev.bandstand.policy.Draw;
import dev.bandstand.policy.Drawn;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Policy;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * How one decision is served: by the placement's policy, or by an experiment variant or a
 * request mode that replaces it. Every kind yields exact probabilities.
 *
 * @param kind what draws the arms
 * @param fixedIndex the candidate index a {@link Kind#FIXED} variant serves; -1 otherwise
 * @param group the counter group of the decision's slots (variant name or mode group), or
 *     null to record plain updates
 * @param trains whether rewards teach the model (baseline: decided per decision)
 * @param variant the experiment variant, or null
 * @param mode the request mode, or null for the policy's own choice
 */
record Serving(Kind kind, int fixedIndex, String group, boolean trains, String variant,
        String mode) {

    /** Counter group of best-mode decisions. */
    static final String BEST_GROUP = "mode:best";
    /** Counter group of baseline decisions whose shadow draw chose the first candidate. */
    static final String AGREE_GROUP = "mode:baseline:agree";
    /** Counter group of baseline decisions whose shadow draw chose another candidate. */
    static final String DIFFER_GROUP = "mode:baseline:differ";

    /** Means closer than this to the best count as tied with it, as the policies do. */
    static final double TIE_TOLERANCE = 1e-12;

    /** What draws the arms of a decision. */
    enum Kind { POLICY, UNIFORM, FIXED, BEST, BASELINE }

    /** The placement's policy, as without experiment or mode. */
    static final Serving POLICY = new Serving(Kind.POLICY, -1, null, true, null, null);

    /**
     * The choice distribution of slot {@code slot} over the candidates still available.
     *
     * @param view the remaining candidates' estimates, in candidate order
     * @param remaining candidate index of each entry of {@code view}
     */
    double[] probabilities(Policy policy, Estimates view, int[] remaining, int slot,
            RandomGenerator random) {
        int k = view.size();
        double[] p = new double[k];
        switch (kind) {
            case UNIFORM -> Arrays.fill(p, 1.0 / k);
            case BASELINE -> p[0] = 1;
            case BEST -> best(view, p);
            case FIXED -> {
                if (slot > 0) {
                    return policy.probabilities(view, random);
                }
                for (int j = 0; j < k; j++) {
                    p[j] = remaining[j] == fixedIndex ? 1 : 0;
                }
            }
            default -> {
                return policy.probabilities(view, random);
            }
        }
        return p;
    }

    /**
     * Draws slot {@code slot} among the candidates still available: the policy's own draw
     * ({@link Policy#draw}, probabilities on demand) where the policy serves, a draw from
     * {@link #probabilities} otherwise.
     */
    Drawn draw(Policy policy, Estimates view, int[] remaining, int slot,
            RandomGenerator random) {
        if (kind == Kind.POLICY || (kind == Kind.FIXED && slot > 0)) {
            return policy.draw(view, random);
        }
        double[] p = probabilities(policy, view, remaining, slot, random);
        return Drawn.of(p, Draw.index(p, random));
    }

    /**
     * Baseline mode's shadow choice: the policy's own draw for the first slot over all
     * candidates, never served. The result counts the decision under the agreement group and
     * trains only when the policy would have chosen the baseline's first candidate too.
     */
    Serving shadow(Policy policy, Estimates all, RandomGenerator random) {
        int j = Draw.index(policy.probabilities(all, random), random);
        boolean agreed = j == 0;
        return new Serving(kind, fixedIndex, agreed ? AGREE_GROUP : DIFFER_GROUP, agreed,
                variant, mode);
    }

    /** Probability 1/|ties| for every candidate whose mean is (within tolerance) the best. */
    private static void best(Estimates view, double[] p) {
        double top = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < p.length; j++) {
            top = Math.max(top, view.mean(j));
        }
        int tied = 0;
        for (int j = 0; j < p.length; j++) {
            if (view.mean(j) >= top - TIE_TOLERANCE) {
                tied++;
            }
        }
        for (int j = 0; j < p.length; j++) {
            p[j] = tied == 0 ? 1.0 / p.length
                    : view.mean(j) >= top - TIE_TOLERANCE ? 1.0 / tied : 0;
        }
    }
}
