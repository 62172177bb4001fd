package dev.bandstand.placement;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.FeatureEncoder;
import dev.bandstand.policy.Drawn;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.policy.Subset;
import dev.bandstand.policy.TaggedUpdate;
import dev.bandstand.policy.Update;
import dev.bandstand.store.Slot;
import dev.bandstand.store.StatsSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured placement at run time: its settings, policy and local model.
 *
 * <p>Thread-safe: every use of the model (which is not) happens under this placement's own
 * lock, and each critical section is one short step (score and draw, or one update).
 */
final class Placement {

    private static final Logger LOG = LoggerFactory.getLogger(Placement.class);

    private final PlacementSettings settings;
    private final Policy policy;
    private final Model model;
    private final FeatureEncoder encoder;
    private final Forgetting forgetting;
    private final Explainer explainer;
    private final Object lock = new Object();
    private final ArmSet arms;

    /**
     * @param encoder the linear model's feature encoder, or null for a tabular placement
     */
    Placement(PlacementSettings settings, Policy policy, Model model, FeatureEncoder encoder) {
        this(settings, policy, model, encoder, Forgetting.forPlacement(settings));
    }

    /**
     * @param encoder the linear model's feature encoder, or null for a tabular placement
     * @param forgetting the weights of decisions, the same the model reads its sums with
     */
    Placement(PlacementSettings settings, Policy policy, Model model, FeatureEncoder encoder,
            Forgetting forgetting) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.model = Objects.requireNonNull(model, "model");
        this.encoder = encoder;
        this.forgetting = Objects.requireNonNull(forgetting, "forgetting");
        this.explainer = new Explainer(settings,
                encoder == null ? null : new FeatureNames(encoder));
        this.arms = new ArmSet(settings.name(), settings.arms());
    }

    /** The arms this placement offers now, with the retired ones. */
    ArmSet arms() {
        return arms;
    }

    PlacementSettings settings() {
        return settings;
    }

    String name() {
        return settings.name();
    }

    FeatureEncoder encoder() {
        return encoder;
    }

    /** Chooses as the placement's policy does, without slate rules or explanations. */
    Slate choose(Context context, List<Arm> candidates, int count, Instant now,
            RandomGenerator random) {
        return choose(context, candidates, count, now, random, SlateRules.NONE);
    }

    /** Chooses as the placement's policy does under slate rules, without explanations. */
    Slate choose(Context context, List<Arm> candidates, int count, Instant now,
            RandomGenerator random, SlateRules rules) {
        return choose(context, candidates, count, now, random, rules, Serving.POLICY, false);
    }

    /**
     * Chooses a slate of {@code count} distinct arms, slot by slot: each slot draws from the
     * serving's probabilities over the candidates still open, and keeps the probability of
     * what it drew. Once {@code rules.max} arms with one value of {@code rules.feature} are
     * chosen, the other arms with that value leave the open candidates. In baseline mode the
     * policy's own first-slot draw is made too (a shadow choice, never served): the slots
     * train only when it agrees with the baseline.
     *
     * @throws Rejection 400 {@code TOO_FEW_CANDIDATES} when the limit leaves fewer than
     *     {@code count} arms
     */
    // TODO(locking): the lock is held for the whole choice, so a large slate made on a worker
    // holds up this placement's other decisions on their event loops; copying the estimates
    // under the lock and drawing outside it would free them
    Slate choose(Context context, List<Arm> candidates, int count, Instant now,
            RandomGenerator random, SlateRules rules, Serving serving, boolean explain) {
        synchronized (lock) {
            Estimates all = model.estimates(context, candidates, now);
            int[] remaining = new int[candidates.size()];
            for (int i = 0; i < remaining.length; i++) {
                remaining[i] = i;
            }
            int left = remaining.length;
            int[] chosen = new int[count];
            Drawn[] probabilities = new Drawn[count];
            List<SlotDraw> draws = new ArrayList<>(count);
            Map<Object, Integer> perValue = rules.limited() ? new HashMap<>() : null;
            Object[] values = new Object[rules.limited() ? candidates.size() : 0];
            for (int i = 0; i < values.length; i++) {
                values[i] = rules.valueOf(candidates.get(i));
            }

            for (int k = 0; k < count; k++) {
                if (left == 0) {
                    throw Rejection.badRequest("TOO_FEW_CANDIDATES", "maxPerValue",
                            "maxPerValue leaves " + k + " candidates for a count of " + count);
                }
                int[] open = Arrays.copyOf(remaining, left);
                // a slate's first slot is a view too, so that its slots can share draws
                Estimates view = count == 1 ? all : Subset.of(all, open);
                Drawn drawn = serving.draw(policy, view, open, k, random);
                int j = drawn.index();
                draws.add(new SlotDraw(open, drawn));
                chosen[k] = remaining[j];
                probabilities[k] = drawn;
                System.arraycopy(remaining, j + 1, remaining, j, left - j - 1);
                left--;
                if (values.length > 0) {
                    left = limit(values, remaining, left, rules.max(), perValue,
                            values[chosen[k]]);
                }
            }
            Serving served = serving.kind() == Serving.Kind.BASELINE
                    ? serving.shadow(policy, all, random) : serving;

            List<Slot> slots = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                Arm arm = candidates.get(chosen[k]);
                Update update = model.updateFor(context, arm);
                if (served.group() != null) {
                    update = new TaggedUpdate(served.group(), served.trains(), update);
                }
                Drawn drawn = probabilities[k];
                slots.add(new Slot(arm.id(), () -> Math.min(1.0, drawn.probability()), update));
            }
            double[] means = new double[all.size()];
            for (int i = 0; i < means.length; i++) {
                means[i] = all.mean(i);
            }
            // best and baseline modes do not explore: they serve a fixed rule
            boolean[] exploredAt = serving.kind() == Serving.Kind.BEST
                    || serving.kind() == Serving.Kind.BASELINE
                    ? new boolean[count] : explored(means, chosen, draws);
            boolean explored = false;
            for (boolean e : exploredAt) {
                explored |= e;
            }
            List<Explanation> explanations = explain
                    ? explainer.explain(now, all, means, candidates, chosen, exploredAt)
                    : List.of();
            return new Slate(slots, explored, model.version(), draws, served, explanations);
        }
    }

    /**
     * Counts the chosen arm's value; when it reaches the limit, removes the open candidates
     * with that value, keeping candidate order. Returns the new number of open candidates.
     */
    private static int limit(Object[] values, int[] remaining, int left, int max,
            Map<Object, Integer> perValue, Object value) {
        if (value == null || perValue.merge(value, 1, Integer::sum) < max) {
            return left;
        }
        int kept = 0;
        for (int i = 0; i < left; i++) {
            if (!value.equals(values[remaining[i]])) {
                remaining[kept++] = remaining[i];
            }
        }
        return kept;
    }

    /** Weighted sums as the policy reads them at {@code now}; pending counts unchanged. */
    Map<String, Double> forgotten(Map<String, Double> sums, Instant now) {
        return forgetting.enabled() ? forgetting.rebase(sums, now) : sums;
    }

    /** The forgetting weight of a decision made at {@code decidedAt}; 1 without forgetting. */
    double weight(Instant decidedAt) {
        // TODO(forgetting): re-base store and models before the weights near their limit
        return forgetting.weight(decidedAt);
    }

    /**
     * Counts a recorded decision's slots as pending in the local model. The store holds the
     * decision by now, so a failure here is logged, not thrown: the answer stands, and the next
     * sync reloads the model from the store, which counts it.
     */
    void decided(String eventId, List<Slot> slots, double weight) {
        synchronized (lock) {
            try {
                for (Slot slot : slots) {
                    Update training = TaggedUpdate.training(slot.update());
                    if (training != null) {
                        model.decided(training, weight);
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("Placement {}: decision {} is recorded but the local model could not "
                        + "count it; it counts at the next sync, which reloads the model",
                        name(), eventId, e);
            }
        }
    }

    /** Teaches the local model a normalised reward. */
    void rewarded(Update update, double reward, double weight) {
        Update training = TaggedUpdate.training(update);
        if (training == null) {
            return;
        }
        synchronized (lock) {
            model.rewarded(training, reward, weight);
        }
    }

    /** Forgets a pending decision that got no reward. */
    void dropped(Update update, double weight) {
        Update training = TaggedUpdate.training(update);
        if (training == null) {
            return;
        }
        synchronized (lock) {
            model.dropped(training, weight);
        }
    }

    /** Hands the arm set's warm starts to the model, after the arms changed. */
    void armsChanged() {
        synchronized (lock) {
            model.priors(arms.priors());
        }
    }

    /** Replaces the local model's statistics with the store's. */
    void load(StatsSnapshot snapshot) {
        synchronized (lock) {
            // experiment and mode counters are for reports; no model reads them
            Map<String, Double> sums = new HashMap<>(snapshot.sums());
            sums.keySet().removeIf(StatsFields::isGroup);
            model.load(sums, snapshot.version());
        }
    }

    /** The local model's version. */
    long version() {
        synchronized (lock) {
            return model.version();
        }
    }

    /**
     * For each slot, whether its arm was explored: its mean is below the best mean among the
     * candidates still open at that slot (ties within {@link Serving#TIE_TOLERANCE} count as
     * best, so a greedy slate explores nowhere).
     */
    private static boolean[] explored(double[] means, int[] chosen, List<SlotDraw> draws) {
        boolean[] explored = new boolean[chosen.length];
        for (int k = 0; k < chosen.length; k++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int i : draws.get(k).open()) {
                best = Math.max(best, means[i]);
            }
            explored[k] = means[chosen[k]] < best - Serving.TIE_TOLERANCE;
        }
        return explored;
    }

    /**
     * What {@link #choose} drew, from which model version, each slot's draw (for the decision
     * log), how it was served (for baseline mode with the group its shadow draw settled) and,
     * when asked, why.
     */
    record Slate(List<Slot> slots, boolean explored, long version, List<SlotDraw> draws,
            Serving serving, List<Explanation> explanations) {
    }

    /**
     * One slot's draw, for the decision log.
     *
     * @param open indices into the candidates still open at this slot, in candidate order
     * @param drawing the draw over the open candidates, its probabilities computed on demand
     */
    record SlotDraw(int[] open, Drawn drawing) {

        /** The probability of each open candidate. */
        double[] probabilities() {
            return drawing.probabilities();
        }

        /** Index into {@code open} of the drawn candidate. */
        int drawn() {
            return drawing.index();
        }
    }
}
