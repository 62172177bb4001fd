package dev.bandstand.simulation.log;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A slate decision of the decision log, as Vowpal Wabbit's conditional contextual bandit
 * (CCB) line holds it: one context, the candidates once, and per position (slot) the
 * candidates that were open there, the chosen one first, with their probabilities and the
 * slot's reward.
 *
 * @param eventId the decision's event id; never null
 * @param timestamp when the decision was made; never null
 * @param context the decision's context; never null
 * @param arms every candidate of the decision, in request order; at least one
 * @param positions the slots in slate order; at least one
 * @param modelVersion the model version that made the decision, or null when unknown
 */
public record LoggedSlate(String eventId, Instant timestamp, Context context, List<Arm> arms,
        List<Position> positions, String modelVersion) {

    /**
     * One slot.
     *
     * @param actions indices into the slate's {@code arms} of the candidates open at this
     *     slot, the chosen one first; distinct
     * @param probabilities the probability of each of {@code actions}, same order; the
     *     chosen one's in (0, 1], the others in [0, 1]
     * @param reward the slot's normalised reward, or null when it got none
     */
    public record Position(int[] actions, double[] probabilities, Double reward) {

        /** Checks lengths; ranges are checked by {@link LoggedDecision}. */
        public Position {
            Objects.requireNonNull(actions, "actions");
            Objects.requireNonNull(probabilities, "probabilities");
            if (actions.length == 0 || actions.length != probabilities.length) {
                throw new IllegalArgumentException("a slot needs as many probabilities as "
                        + "actions, at least one: " + actions.length + ", "
                        + probabilities.length);
            }
        }

        /** Index into the slate's {@code arms} of the chosen candidate. */
        public int chosen() {
            return actions[0];
        }

        /** The slot's open candidates as indices into the slate's {@code arms}, ascending. */
        public int[] open() {
            int[] open = actions.clone();
            Arrays.sort(open);
            return open;
        }

        /** The same slot with {@code r} as its reward. */
        public Position withReward(Double r) {
            return new Position(actions, probabilities, r);
        }
    }

    /** Checks nulls and that every slot's actions are candidates of the slate. */
    public LoggedSlate {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(context, "context");
        arms = List.copyOf(arms);
        positions = List.copyOf(positions);
        if (arms.isEmpty() || positions.isEmpty()) {
            throw new IllegalArgumentException("a slate needs candidates and slots");
        }
        for (Position p : positions) {
            for (int a : p.actions()) {
                if (a < 0 || a >= arms.size()) {
                    throw new IllegalArgumentException("slot action " + a + " is not one of "
                            + arms.size() + " candidates");
                }
            }
        }
    }

    /**
     * A contextual-bandit decision as a slate of one slot over all its candidates: the
     * chosen one first, then the others in candidate order, with their probabilities.
     * {@link #decision()} gives it back.
     */
    public static LoggedSlate of(LoggedDecision d) {
        int n = d.arms().size();
        int[] actions = new int[n];
        double[] p = new double[n];
        actions[0] = d.chosen();
        p[0] = d.probabilities()[d.chosen()];
        for (int i = 0, k = 1; i < n; i++) {
            if (i != d.chosen()) {
                actions[k] = i;
                p[k++] = d.probabilities()[i];
            }
        }
        return new LoggedSlate(d.eventId(), d.timestamp(), d.context(), d.arms(),
                List.of(new Position(actions, p, d.reward())), d.modelVersion());
    }

    /**
     * A slate of one slot as one decision under the slate's event id: its open candidates in
     * candidate order, the chosen one among them, their probabilities and the reward. For a
     * slate made by {@link #of} it is the decision it was made from.
     *
     * @throws IllegalStateException when the slate has more than one slot
     */
    public LoggedDecision decision() {
        if (positions.size() != 1) {
            throw new IllegalStateException("slate " + eventId + " has " + positions.size()
                    + " slots, not one");
        }
        Position p = positions.get(0);
        int[] open = p.open();
        double[] byArm = new double[arms.size()];
        for (int j = 0; j < open.length; j++) {
            byArm[p.actions()[j]] = p.probabilities()[j];
        }
        List<Arm> candidates = new ArrayList<>(open.length);
        double[] probabilities = new double[open.length];
        int chosen = -1;
        for (int i = 0; i < open.length; i++) {
            candidates.add(arms.get(open[i]));
            probabilities[i] = byArm[open[i]];
            if (open[i] == p.chosen()) {
                chosen = i;
            }
        }
        return new LoggedDecision(eventId, timestamp, context, candidates, chosen,
                probabilities, p.reward(), modelVersion);
    }

    /** True when at least one slot has a reward. */
    public boolean rewarded() {
        for (Position p : positions) {
            if (p.reward() != null) {
                return true;
            }
        }
        return false;
    }

    /** The event id of slot {@code k}: the decision's with {@code /k} appended. */
    public String slotId(int k) {
        return eventId + "/" + k;
    }

    /**
     * One decision per slot, as the estimators read them: event id {@link #slotId}, the
     * slot's open candidates in the order of {@code actions} with the chosen one first, its
     * probabilities and reward.
     */
    public List<LoggedDecision> decisions() {
        List<LoggedDecision> out = new ArrayList<>(positions.size());
        for (int k = 0; k < positions.size(); k++) {
            Position p = positions.get(k);
            List<Arm> open = new ArrayList<>(p.actions().length);
            for (int a : p.actions()) {
                open.add(arms.get(a));
            }
            out.add(new LoggedDecision(slotId(k), timestamp, context, open, 0,
                    p.probabilities().clone(), p.reward(), modelVersion));
        }
        return out;
    }
}
