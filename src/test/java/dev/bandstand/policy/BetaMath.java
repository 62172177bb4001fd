package dev.bandstand.policy;

import org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator;
import org.apache.commons.math3.distribution.BetaDistribution;

/**
 * Reference values for Beta posteriors, computed with Commons Math; public for the engine's
 * tests in other packages.
 */
public final class BetaMath {

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

    /**
     * The probability that arm {@code i} has the largest of independent draws from
     * Beta(alpha_j, beta_j), {@code integral_0^1 f_i(x) prod_{j != i} F_j(x) dx}, by Commons
     * Math's iterative Gauss-Legendre integrator (32 points per interval, intervals doubled
     * until two passes agree within 1e-14 relative or 1e-15 absolute) over Commons Math's
     * Beta density and distribution function. With whole parameters of at least 1 the
     * integrand is a polynomial, which the rule integrates up to rounding.
     */
    public static double probabilityBest(int i, double[] alpha, double[] beta) {
        BetaDistribution own = new BetaDistribution(alpha[i], beta[i]);
        BetaDistribution[] others = new BetaDistribution[alpha.length];
        for (int j = 0; j < alpha.length; j++) {
            others[j] = new BetaDistribution(alpha[j], beta[j]);
        }
        IterativeLegendreGaussIntegrator integrator =
                new IterativeLegendreGaussIntegrator(32, 1e-14, 1e-15, 2, 30);
        return integrator.integrate(1_000_000, x -> {
            double f = own.density(x);
            for (int j = 0; j < others.length; j++) {
                f *= j == i ? 1 : others[j].cumulativeProbability(x);
            }
            return f;
        }, 0, 1);
    }

    /**
     * The probabilities of Thompson sampling with a floor, {@code (1 - floor) P_i + floor / K}
     * for every arm, {@code P_i} by {@link #probabilityBest}.
     */
    public static double[] flooredThompson(double floor, double[] alpha, double[] beta) {
        int k = alpha.length;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = (1 - floor) * probabilityBest(i, alpha, beta) + floor / k;
        }
        return p;
    }
}
