package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * LinUCB (Li, Chu, Langford and Schapire, "A contextual-bandit approach to personalized news
 * article recommendation", WWW 2010), in the shared-parameter form over context-by-arm
 * features: score {@code x' theta + alpha sqrt(x' A^-1 x)}, read from
 * {@link Estimates#mean(int)} and {@link Estimates#width(int)}. The arms with the highest
 * score (within 1e-12) share probability 1, so ties are broken at random.
 */
final class LinUcbPolicy implements Policy {

    private final double alpha;

    LinUcbPolicy(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "linucb";
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        int k = estimates.size();
        double[] scores = new double[k];
        for (int i = 0; i < k; i++) {
            scores[i] = estimates.mean(i) + alpha * estimates.width(i);
        }
        return Ties.argmax(scores);
    }
}
