package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Softmax or Boltzmann exploration (Sutton and Barto, Reinforcement Learning, 2nd ed., 2018,
 * section 2.8): {@code p_i = exp(mean_i / tau) / sum_j exp(mean_j / tau)}, computed with the
 * largest mean subtracted first so that no exponent overflows.
 *
 * <p>Limitations: an arm whose mean is more than about {@code 745 tau} below the best one
 * gets a probability that underflows to 0 and is then never chosen; configure {@code floor}
 * to keep a minimum probability.
 */
final class SoftmaxPolicy implements Policy {

    private final double temperature;

    SoftmaxPolicy(double temperature) {
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "softmax";
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        int k = estimates.size();
        double[] p = new double[k];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            p[i] = estimates.mean(i);
            best = Math.max(best, p[i]);
        }

        double total = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp((p[i] - best) / temperature);
            total += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= total;
        }
        return p;
    }
}
