package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Draws a choice from a probability vector, so that the probability a policy reports is
 * exactly the probability of what is chosen.
 */
public final class Draw {

    private Draw() {
    }

    /**
     * Draws index {@code i} with probability {@code p[i]} by inverting the cumulative sum at
     * one uniform number. An entry of 0 is never drawn; rounding left over at the end of the
     * vector goes to the last positive entry.
     *
     * @param p probabilities, every entry in [0, 1], summing to 1 (not re-checked)
     * @param random the caller's generator; one {@code nextDouble()} is consumed
     * @return an index in {@code [0, p.length)} whose entry is positive
     * @throws IllegalArgumentException when no entry is positive
     */
    public static int index(double[] p, RandomGenerator random) {
        double u = random.nextDouble();
        double cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] > 0)) {
                continue;
            }
            last = i;
            cumulative += p[i];
            if (u < cumulative) {
                return i;
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("probabilities have no positive entry");
        }
        return last;
    }
}
