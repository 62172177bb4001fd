package dev.bandstand.simulation;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Subset;
import dev.bandstand.policy.Update;
import dev.bandstand.simulation.environment.Round;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The fast path for on-policy simulation: the service's own {@link Policy}, {@link Model}
 * and feature encoder, built by the same factories the engine uses, called directly with no
 * store, event ids or futures in between. A decision scores the candidates, draws each slot
 * by {@link Policy#choose} among the candidates left (as the engine draws slot by slot), and
 * counts it as pending; a reward teaches the model at once.
 *
 * <p>It differs from the engine in one way only: it draws with {@link Policy#choose}, so
 * Thompson sampling makes one posterior draw instead of estimating the probability of its
 * choice by many; the probabilities it reports are therefore NaN. Use it for throughput and
 * long runs; the engine path remains the reference.
 */
final class DirectBandit implements Bandit {

    private final PlacementSettings placement;
    private final Policy policy;
    private final HashingFeatureEncoder encoder;
    private final RandomGenerator random;
    private Model model;
    private Forgetting forgetting;
    private long decisions;

    DirectBandit(PlacementSettings placement, RandomGenerator random) {
        this.placement = placement;
        this.policy = Policies.create(placement.policy());
        this.encoder = placement.policy().linear()
                ? new HashingFeatureEncoder(placement.features()) : null;
        // checks the policy now; the run's model is made at its first decision
        Models.create(placement, encoder, Forgetting.none());
        this.random = random;
    }

    @Override
    public Choice decide(Round round, int count, Instant now) {
        if (model == null) {
            // forgetting relative to the run's first day, as the engine path does
            forgetting = Forgetting.forPlacement(placement, EngineBandit.epoch(now));
            model = Models.create(placement, encoder, forgetting);
        }
        Context context = round.context();
        List<Arm> candidates = round.candidates();
        Estimates all = model.estimates(context, candidates, now);
        int[] chosen = new int[count];
        String[] ids = new String[count];
        Update[] updates = new Update[count];
        if (count == 1) {
            chosen[0] = policy.choose(all, random);
        } else {
            int[] left = new int[candidates.size()];
            for (int i = 0; i < left.length; i++) {
                left[i] = i;
            }
            int n = left.length;
            for (int k = 0; k < count; k++) {
                int[] view = Arrays.copyOf(left, n);
                int j = policy.choose(Subset.of(all, view), random);
                chosen[k] = left[j];
                System.arraycopy(left, j + 1, left, j, n - j - 1);
                n--;
            }
        }
        double weight = forgetting.weight(now);
        for (int k = 0; k < count; k++) {
            Arm arm = candidates.get(chosen[k]);
            ids[k] = arm.id();
            updates[k] = model.updateFor(context, arm);
            model.decided(updates[k], weight);
        }
        double[] p = new double[count];
        Arrays.fill(p, Double.NaN);
        decisions++;
        return new Choice("d" + decisions, chosen, ids, p, new Pending(updates, weight));
    }

    @Override
    public void reward(Choice choice, int slot, double reward, Instant now) {
        Pending pending = (Pending) choice.handle();
        model.rewarded(pending.updates()[slot], reward, pending.weight());
    }

    /** The updates and forgetting weight of a decision, until its rewards arrive. */
    private record Pending(Update[] updates, double weight) {
    }

    @Override
    public void close() {
    }
}
