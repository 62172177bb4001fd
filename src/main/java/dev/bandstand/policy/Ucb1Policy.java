package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * UCB1 (Auer, Cesa-Bianchi and Fischer, "Finite-time analysis of the multiarmed bandit
 * problem", Machine Learning 47, 2002), with the exploration term scaled by {@code c}.
 *
 * <p>Load of an arm is {@code n + pending}: rewarded observations plus decisions still
 * waiting, so that a burst of decisions before any reward spreads over the arms instead of
 * repeating one. Arms with load 0 are tried first, uniformly among them. Otherwise the score
 * is {@code mean + c sqrt(2 ln N / load)} with {@code N} the total load of the candidates, and
 * the arms with the highest score (within 1e-12) share probability 1. With forgetting the
 * loads are decayed weights; {@code ln N} is taken as 0 when {@code N < 1}.
 */
final class Ucb1Policy implements Policy {

    private final double c;

    Ucb1Policy(double c) {
        this.c = c;
    }

    @Override
    public String name() {
        return "ucb1";
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        int k = estimates.size();
        double[] load = new double[k];
        int untried = 0;
        double total = 0;
        for (int i = 0; i < k; i++) {
            load[i] = Math.max(0, estimates.observations(i)) + Math.max(0, estimates.pending(i));
            total += load[i];
            if (load[i] <= 0) {
                untried++;
            }
        }

        double[] p = new double[k];
        if (untried > 0) {
            for (int i = 0; i < k; i++) {
                p[i] = load[i] <= 0 ? 1.0 / untried : 0;
            }
            return p;
        }

        double logTotal = Math.log(Math.max(total, 1));
        double[] scores = new double[k];
        for (int i = 0; i < k; i++) {
            scores[i] = estimates.mean(i) + c * Math.sqrt(2 * logTotal / load[i]);
        }
        return Ties.argmax(scores);
    }
}
