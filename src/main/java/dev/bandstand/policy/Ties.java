package dev.bandstand.policy;

import java.util.Arrays;

/** Turns scores into an argmax distribution that splits ties evenly, never by index. */
final class Ties {

    /** Scores closer than this to the best one count as tied with it. */
    static final double TOLERANCE = 1e-12;

    private Ties() {
    }

    /**
     * Probability 1/|G| for every index in G, the scores within {@link #TOLERANCE} of the
     * maximum, and 0 elsewhere. NaN scores never win.
     */
    static double[] argmax(double[] scores) {
        double best = Double.NEGATIVE_INFINITY;
        for (double s : scores) {
            if (s > best) {
                best = s;
            }
        }
        double[] p = new double[scores.length];
        int tied = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= best - TOLERANCE) {
                tied++;
            }
        }
        if (tied == 0) {
            // every score NaN or -infinity: nothing to prefer, so nothing is excluded
            Arrays.fill(p, 1.0 / scores.length);
            return p;
        }
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= best - TOLERANCE) {
                p[i] = 1.0 / tied;
            }
        }
        return p;
    }
}
