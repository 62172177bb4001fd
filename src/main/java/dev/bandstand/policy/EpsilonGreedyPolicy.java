package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Epsilon-greedy (Sutton and Barto, Reinforcement Learning, 2nd ed., 2018, section 2.2):
 * with probability 1 - epsilon the arm with the highest mean, otherwise a uniform one.
 *
 * <p>With G the arms whose mean is within 1e-12 of the highest, an arm of G gets
 * {@code (1 - epsilon) / |G| + epsilon / K} and any other arm {@code epsilon / K}, so a unique
 * greedy arm gets {@code 1 - epsilon + epsilon / K}. Ties share the greedy mass, never broken
 * by index.
 */
final class EpsilonGreedyPolicy implements Policy {

    private final double epsilon;

    EpsilonGreedyPolicy(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "epsilon-greedy";
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        int k = estimates.size();
        double[] means = new double[k];
        for (int i = 0; i < k; i++) {
            means[i] = estimates.mean(i);
        }

        double[] p = Ties.argmax(means);
        double explore = epsilon / k;
        for (int i = 0; i < k; i++) {
            p[i] = (1 - epsilon) * p[i] + explore;
        }
        return p;
    }
}
