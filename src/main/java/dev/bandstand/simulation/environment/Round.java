package dev.bandstand.simulation.environment;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.List;
import java.util.Objects;

/**
 * One simulated impression: what the bandit sees (context and candidates) and what only the
 * environment knows (the expected reward of each candidate and of the reference policies).
 *
 * <p>Arrays are owned by the round and must not be modified by callers.
 *
 * @param step 0-based index of the round in its run
 * @param context the context the decision is made in
 * @param candidates the arms on offer, at least one
 * @param expected true expected normalised reward of each candidate in [0, 1], in candidate
 *     order (for a slate: the reward of the candidate at a position of weight 1)
 * @param baselines expected reward per round of each reference policy, in the order of
 *     {@link Environment#baselines()}
 * @param segment label of the context segment this round is reported under, such as
 *     {@code morning/running}; never null
 */
public record Round(
        int step,
        Context context,
        List<Arm> candidates,
        double[] expected,
        double[] baselines,
        String segment) {

    /** Checks sizes and nulls. */
    public Round {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(segment, "segment");
        candidates = List.copyOf(candidates);
        if (candidates.isEmpty() || expected.length != candidates.size()) {
            throw new IllegalArgumentException(
                    "expected must have one entry per candidate: " + expected.length);
        }
    }
}
