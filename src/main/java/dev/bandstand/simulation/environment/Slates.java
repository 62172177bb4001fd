package dev.bandstand.simulation.environment;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/** Arithmetic on slates shared by the environments. */
final class Slates {

    private Slates() {
    }

    /**
     * Value of the best slate of {@code size} positions: the largest expected rewards placed
     * at the heaviest positions (rearrangement inequality, weights assumed non-increasing).
     */
    static double bestValue(double[] expected, int size, IntToDoubleFunction weight) {
        if (size == 1) {
            double best = expected[0];
            for (double e : expected) {
                best = Math.max(best, e);
            }
            return best;
        }
        double[] sorted = expected.clone();
        Arrays.sort(sorted);
        double v = 0;
        for (int k = 0; k < size && k < sorted.length; k++) {
            v += weight.applyAsDouble(k) * sorted[sorted.length - 1 - k];
        }
        return v;
    }

    /**
     * Expected value of a slate drawn uniformly at random without replacement: each position
     * holds each candidate with the same chance, so its expected reward is the mean.
     */
    static double uniformValue(double[] expected, int size, IntToDoubleFunction weight) {
        double mean = 0;
        for (double e : expected) {
            mean += e;
        }
        mean /= expected.length;
        double v = 0;
        for (int k = 0; k < size && k < expected.length; k++) {
            v += weight.applyAsDouble(k) * mean;
        }
        return v;
    }
}
