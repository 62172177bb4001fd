package dev.bandstand.simulation.estimators;

import java.util.function.IntFunction;

/** Predictions shared by the rounds of a prediction group. Stateless. */
final class Groups {

    private Groups() {
    }

    /**
     * Each drawn round's predictions: {@code predict} is called once per group that has a
     * round with {@code counts[t] > 0}, and its array is shared by the group's rounds; the
     * other rounds get null.
     */
    static double[][] perRound(int[] counts, int[] group, int groups,
            IntFunction<double[]> predict) {
        double[][] byGroup = new double[groups][];
        double[][] out = new double[counts.length][];
        for (int t = 0; t < counts.length; t++) {
            if (counts[t] == 0) {
                continue;
            }
            int g = group[t];
            if (byGroup[g] == null) {
                byGroup[g] = predict.apply(g);
            }
            out[t] = byGroup[g];
        }
        return out;
    }
}
