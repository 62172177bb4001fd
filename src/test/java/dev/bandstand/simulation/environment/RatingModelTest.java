package dev.bandstand.simulation.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rating model recovers a known linear truth: with no penalty and noise-free ratings,
 * least squares is exact wherever the design is identified.
 */
class RatingModelTest {

    /** A truth inside the model's design: context main effects and one interaction. */
    private static double truth(double[] f, int activity, int period) {
        double y = 3.0 + 0.5 * (activity == 1 ? 1 : 0) - 0.4 * (activity == 2 ? 1 : 0)
                + 0.2 * (period == 2 ? 1 : 0) + 0.1 * (period == 3 ? 1 : 0);
        y += 0.8 * f[0] - 0.3 * f[1] + 0.25 * f[2] + 0.1 * f[3] - 0.6 * f[4];
        y += -1.0 * f[0] * (activity == 2 ? 1 : 0) + 0.7 * f[1] * (period == 3 ? 1 : 0);
        return y;
    }

    @Test
    void leastSquaresRecoversANoiseFreeTruth() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 300;
        double[][] f = new double[n][];
        int[] acts = new int[n];
        int[] pers = new int[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = features(random);
            acts[i] = random.nextInt(3);
            pers[i] = 1 + random.nextInt(3);
            y[i] = truth(f[i], acts[i], pers[i]);
        }

        RatingModel model = RatingModel.fit(f, acts, pers, y, 0.0);

        for (int i = 0; i < 20; i++) {
            double[] g = features(random);
            int a = random.nextInt(3);
            int p = 1 + random.nextInt(3);
            assertThat(model.predict(g, a, p)).isCloseTo(truth(g, a, p), within(1e-8));
        }
        assertThat(model.coefficients()).hasSize(1 + 4 + 5 + 5 * 4);
    }

    @Test
    void rareActivityCodesAreReadAsTheMostFrequentCode() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 100;
        double[][] f = new double[n][];
        int[] acts = new int[n];
        int[] pers = new int[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = features(random);
            acts[i] = i < 5 ? 5 : i < 40 ? 4 : 0;
            pers[i] = 1 + i % 3;
            y[i] = 3;
        }

        RatingModel model = RatingModel.fit(f, acts, pers, y);

        assertThat(model.activityLevel(5)).isEqualTo(0);
        assertThat(model.activityLevel(4)).isEqualTo(4);
        assertThat(model.activityLevel(9)).isEqualTo(0);
    }

    private static double[] features(SplittableRandom random) {
        double[] f = new double[5];
        for (int k = 0; k < 5; k++) {
            f[k] = random.nextDouble();
        }
        return f;
    }
}
