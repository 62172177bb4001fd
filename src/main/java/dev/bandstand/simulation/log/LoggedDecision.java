package dev.bandstand.simulation.log;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One decision of the decision log with its joined outcome: the context, the candidates in
 * the order the request brought them, the chosen one, every candidate's probability and the
 * reward.
 *
 * @param eventId the decision's event id; never null
 * @param timestamp when the decision was made; never null
 * @param context the decision's context; never null
 * @param arms the candidates, at least one; never null
 * @param chosen index of the chosen arm in {@code arms}
 * @param probabilities probability of each arm, in {@code arms} order; the chosen arm's is in
 *     (0, 1], the others in [0, 1]; callers must not change the array afterwards
 * @param reward the normalised reward in [0, 1] joined with the decision (a default reward
 *     included), or null when the decision got none
 * @param modelVersion the model version that made the decision (VW's {@code VWState.m}), or
 *     null when unknown
 */
public record LoggedDecision(
        String eventId,
        Instant timestamp,
        Context context,
        List<Arm> arms,
        int chosen,
        double[] probabilities,
        Double reward,
        String modelVersion) {

    /** Checks nulls, lengths and ranges; throws {@link IllegalArgumentException}. */
    public LoggedDecision {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(probabilities, "probabilities");
        arms = List.copyOf(arms);
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("arms must not be empty");
        }
        if (probabilities.length != arms.size()) {
            throw new IllegalArgumentException("probabilities has " + probabilities.length
                    + " entries for " + arms.size() + " arms");
        }
        if (chosen < 0 || chosen >= arms.size()) {
            throw new IllegalArgumentException("chosen must be in [0, " + arms.size() + "): "
                    + chosen);
        }
        for (int i = 0; i < probabilities.length; i++) {
            double p = probabilities[i];
            boolean ok = i == chosen ? p > 0 && p <= 1 : p >= 0 && p <= 1;
            if (!ok) {
                throw new IllegalArgumentException("probabilities[" + i + "] out of range: " + p);
            }
        }
        if (reward != null && !Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
    }

    /** The chosen arm. */
    public Arm chosenArm() {
        return arms.get(chosen);
    }

    /** The logging propensity: the probability the chosen arm had. */
    public double propensity() {
        return probabilities[chosen];
    }

    /** True when the decision has a reward and can be used for evaluation. */
    public boolean rewarded() {
        return reward != null;
    }
}
