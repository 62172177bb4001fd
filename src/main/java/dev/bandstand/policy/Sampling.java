package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Fast Gamma and Beta variates for Thompson sampling.
 *
 * <p>Gamma by Marsaglia and Tsang, "A simple method for generating gamma variables", ACM
 * TOMS 26(3), 2000: a squeeze-accepted cube of a normal variate, on average about 1.03
 * normal and uniform pairs per variate for shape at least 1; shapes below 1 use the boost
 * {@code Gamma(a) = Gamma(a + 1) U^(1/a)} from the same paper. Beta as {@code X / (X + Y)}
 * with independent Gamma variates.
 */
final class Sampling {

    private Sampling() {
    }

    /** One Gamma(shape, 1) variate; {@code shape > 0}. */
    static double gamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            double u = random.nextDouble();
            return gamma(shape + 1, random) * Math.pow(u, 1 / shape);
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double t = 1 + c * x;
            if (t <= 0) {
                continue;
            }
            double v = t * t * t;
            double u = random.nextDouble();
            double x2 = x * x;
            // squeeze first, the logarithmic test only for the ~2% it does not settle
            if (u < 1 - 0.0331 * x2 * x2) {
                return d * v;
            }
            if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** One Beta(a, b) variate; {@code a, b > 0}. */
    static double beta(double a, double b, RandomGenerator random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }
}
