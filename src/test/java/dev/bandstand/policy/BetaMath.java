package dev.bandstand.policy;

import org.apache.commons.math3.distribution.BetaDistribution;

/** Reference values for Beta posteriors, computed with Commons Math. */
final class BetaMath {

    private BetaMath() {
    }

    /** P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2), by the midpoint rule on 10^5 cells. */
    static double probabilityFirstGreater(double a1, double b1, double a2, double b2) {
        BetaDistribution x = new BetaDistribution(a1, b1);
        BetaDistribution y = new BetaDistribution(a2, b2);
        int cells = 100_000;
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            double t = (i + 0.5) / cells;
            sum += x.density(t) * y.cumulativeProbability(t);
        }
        return sum / cells;
    }
}
