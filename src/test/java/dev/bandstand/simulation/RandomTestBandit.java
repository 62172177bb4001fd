package dev.bandstand.simulation;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.simulation.environment.Round;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * A stand-in for the service in tests of the simulation machinery: picks a slate uniformly
 * at random with the run's generator and counts the rewards it is sent. It is no policy of
 * the service and never used outside tests.
 */
final class RandomTestBandit implements Bandit {

    private final RandomGenerator random;
    private long decisions;
    private long rewards;

    RandomTestBandit(RandomGenerator random) {
        this.random = random;
    }

    /** A factory of such bandits, ignoring the placement. */
    static BanditFactory factory() {
        return (PlacementSettings placement, RandomGenerator random) ->
                new RandomTestBandit(random);
    }

    @Override
    public Choice decide(Round round, int count, Instant now) {
        int n = round.candidates().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int[] chosen = new int[count];
        String[] ids = new String[count];
        double[] p = new double[count];
        for (int k = 0; k < count; k++) {
            int j = k + random.nextInt(n - k);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
            chosen[k] = order[k];
            ids[k] = round.candidates().get(order[k]).id();
            p[k] = 1.0 / (n - k);
        }
        decisions++;
        return new Choice("e" + decisions, chosen, ids, p, null);
    }

    @Override
    public void reward(Choice choice, int slot, double reward, Instant now) {
        rewards++;
    }

    long rewards() {
        return rewards;
    }

    @Override
    public void close() {
    }
}
