package dev.bandstand.simulation.obd;

import java.util.Arrays;
import java.util.Comparator;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The probability that the Open Bandit Dataset's Bernoulli Thompson sampling policy puts item
 * {@code i} in slot {@code k}, computed by simulation.
 *
 * <p>The policy is context-free: per impression it draws one sample per item from the item's
 * Beta(alpha, beta) and fills the slots with the items of the highest draws, in order (the
 * dataset's README; zr-obp's {@code BernoulliTS.compute_batch_action_dist} does the same).
 * So {@code P(i, k)} is the share of {@code draws} simulated rankings that have item
 * {@code i} at rank {@code k}, with a Monte Carlo standard error of at most
 * {@code 0.5 / sqrt(draws)}. Beta samples come from Commons Math 3.6.1's
 * {@link BetaDistribution} (Cheng's algorithms) on a seeded {@link Well19937c}.
 *
 * <p>Immutable once computed and thread-safe.
 */
public final class BtsSlotDistribution {

    private final double[][] probability;

    private BtsSlotDistribution(double[][] probability) {
        this.probability = probability;
    }

    /**
     * Simulates {@code draws} rankings of {@code prior}'s items.
     *
     * @param slots number of slots filled per impression, 1..items
     * @param draws number of simulated impressions, at least 1
     * @param seed seed of the simulation
     */
    public static BtsSlotDistribution simulate(BtsPrior prior, int slots, int draws,
            long seed) {
        int n = prior.items();
        if (slots < 1 || slots > n) {
            throw new IllegalArgumentException("slots must be in 1.." + n + ": " + slots);
        }
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be >= 1: " + draws);
        }
        RandomGenerator random = new Well19937c(seed);
        BetaDistribution[] beta = new BetaDistribution[n];
        for (int i = 0; i < n; i++) {
            beta[i] = new BetaDistribution(random, prior.alpha()[i], prior.beta()[i]);
        }
        double[][] counts = new double[slots][n];
        double[] sample = new double[n];
        Integer[] order = new Integer[n];
        Comparator<Integer> byDraw = Comparator.comparingDouble(i -> -sample[i]);
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < n; i++) {
                sample[i] = beta[i].sample();
                order[i] = i;
            }
            Arrays.sort(order, byDraw);
            for (int k = 0; k < slots; k++) {
                counts[k][order[k]]++;
            }
        }
        for (double[] row : counts) {
            for (int i = 0; i < n; i++) {
                row[i] /= draws;
            }
        }
        return new BtsSlotDistribution(counts);
    }

    /** A distribution given directly: {@code probability[k][i]} for slot k+1 and item i. */
    public static BtsSlotDistribution of(double[][] probability) {
        double[][] copy = new double[probability.length][];
        for (int k = 0; k < probability.length; k++) {
            copy[k] = probability[k].clone();
        }
        return new BtsSlotDistribution(copy);
    }

    /** Number of slots. */
    public int slots() {
        return probability.length;
    }

    /**
     * The distribution over items in slot {@code position} (1-based); a new array.
     *
     * @throws IllegalArgumentException for a slot outside 1..slots
     */
    public double[] slot(int position) {
        if (position < 1 || position > probability.length) {
            throw new IllegalArgumentException(
                    "position must be in 1.." + probability.length + ": " + position);
        }
        return probability[position - 1].clone();
    }
}
