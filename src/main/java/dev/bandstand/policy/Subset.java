package dev.bandstand.policy;

/**
 * Estimates over some of the candidates, for slates: slot {@code k} asks the policy for
 * probabilities over the candidates still left, and {@code p} of that call is the
 * probability of slot {@code k}'s choice given the earlier slots.
 */
public final class Subset {

    private Subset() {
    }

    /**
     * A view of {@code all} in which candidate {@code i} is candidate {@code indices[i]} of
     * {@code all}. Joint posterior draws are made over all candidates and then restricted, so
     * the remaining ones keep their correlations. Like the estimates it wraps, the view is for
     * one decision on one thread.
     *
     * @param all the estimates over every candidate; not null
     * @param indices distinct indices into {@code all}, at least one; copied
     * @throws IllegalArgumentException when no index is given, or one is out of range or
     *     repeated
     */
    public static Estimates of(Estimates all, int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("indices: at least one candidate is required");
        }
        boolean[] seen = new boolean[all.size()];
        for (int i : indices) {
            if (i < 0 || i >= all.size() || seen[i]) {
                throw new IllegalArgumentException("indices: " + i + " is out of range [0, "
                        + all.size() + ") or repeated");
            }
            seen[i] = true;
        }
        return new SubsetEstimates(all, indices.clone());
    }
}
