package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class SamplingTest {

    private final KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();

    @Test
    void gammaVariatesFollowTheGammaDistribution() {
        for (double shape : new double[] {0.3, 1.0, 2.5, 40.0}) {
            SplittableRandom random = new SplittableRandom(31);
            double[] x = new double[20_000];
            for (int i = 0; i < x.length; i++) {
                x[i] = Sampling.gamma(shape, random);
            }

            // Kolmogorov-Smirnov against Commons Math; a correct sampler fails at 0.001
            // one time in a thousand, and the seed is fixed
            double p = ks.kolmogorovSmirnovTest(new GammaDistribution(shape, 1), x);

            assertThat(p).as("shape %s", shape).isGreaterThan(0.001);
        }
    }

    @Test
    void betaVariatesFollowTheBetaDistribution() {
        SplittableRandom random = new SplittableRandom(32);
        double[] x = new double[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Sampling.beta(3.5, 1.5, random);
        }

        double p = ks.kolmogorovSmirnovTest(new BetaDistribution(3.5, 1.5), x);

        assertThat(p).isGreaterThan(0.001);
    }

    @Test
    void aWrongShapeIsDetected() {
        SplittableRandom random = new SplittableRandom(33);
        double[] x = new double[20_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Sampling.beta(3.5, 1.6, random);
        }

        double p = ks.kolmogorovSmirnovTest(new BetaDistribution(3.5, 1.5), x);

        // the same test has the power to tell Beta(3.5, 1.6) from Beta(3.5, 1.5)
        assertThat(p).isLessThan(0.001);
    }
}
