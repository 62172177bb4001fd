package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Factoring ridge systems in doubles, with Commons Math's LU as the reference. */
class RidgeTest {

    private static final int D = 5;

    @Test
    void aWellConditionedSystemFactorsAsItIsAndInvertsAsLuDoes() {
        double[] a = ridgeMatrix(new SplittableRandom(3), 40, 1.0, 0.5);
        double[] l = new double[D * D];
        double[] inverse = new double[D * D];

        double jitter = Ridge.factor(a, l, D, 0.5);
        Ridge.invert(l, inverse, D);

        assertThat(jitter).isZero();
        RealMatrix expected = new LUDecomposition(matrix(a)).getSolver().getInverse();
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                assertThat(inverse[i * D + j]).isCloseTo(expected.getEntry(i, j), within(1e-12));
            }
        }
    }

    @Test
    void theEstimateOfSumsSolvesTheRidgeSystem() {
        SplittableRandom random = new SplittableRandom(4);
        double[] a = ridgeMatrix(random, 30, 1.0, 0.0);
        Map<String, Double> sums = new HashMap<>();
        double[] b = new double[D];
        for (int i = 0; i < D; i++) {
            for (int j = i; j < D; j++) {
                sums.put(StatsFields.matrix(i, j), a[i * D + j]);
            }
            b[i] = random.nextDouble(-2, 2);
            sums.put(StatsFields.vector(i), b[i]);
        }

        Ridge.Estimate estimate = Ridge.estimate(sums, D, 0.7);

        double[] withRidge = a.clone();
        for (int i = 0; i < D; i++) {
            withRidge[i * D + i] += 0.7;
        }
        double[] expected = new LUDecomposition(matrix(withRidge)).getSolver()
                .solve(new ArrayRealVector(b)).toArray();
        assertThat(estimate.degraded()).isFalse();
        assertThat(estimate.theta()).containsExactly(expected, within(1e-12));
    }

    @Test
    void aRidgeLostBelowRoundingIsRaisedRelativeToEachDiagonalEntry() {
        // lambda I + n x x' with x = (1e9, 1e9, 1, 0, 0), n = 4: the Schur complement of the
        // two large entries is 2 lambda exactly, but 1 + 4e18 rounds to 4e18 and it cancels
        double[] x = {1e9, 1e9, 1, 0, 0};
        double[] a = new double[D * D];
        for (int i = 0; i < D; i++) {
            for (int j = 0; j < D; j++) {
                a[i * D + j] = 4 * x[i] * x[j];
            }
            a[i * D + i] += 1;
        }
        double[] l = new double[D * D];

        double jitter = Ridge.factor(a, l, D, 1);

        assertThat(jitter).isGreaterThan(0).isLessThan(1);
        // the small entries keep (nearly) their own ridge: raised by jitter times 1 or 5
        assertThat(l[3 * D + 3] * l[3 * D + 3]).isCloseTo(1, within(1e-6));
        assertThat(l[4 * D + 4] * l[4 * D + 4]).isCloseTo(1, within(1e-6));
    }

    @Test
    void anIndefiniteMatrixIsMadeDiagonallyDominant() {
        // eigenvalues 3 and -1: no relative raise up to doubling the diagonal helps
        double[] a = {1, 2, 2, 1};
        double[] l = new double[4];

        double jitter = Ridge.factor(a, l, 2, 1);

        assertThat(jitter).isEqualTo(Ridge.DOMINANT);
        // diagonal 1 + 2 * 2 = 5: L = [[sqrt 5, 0], [2 / sqrt 5, sqrt(5 - 4 / 5)]]
        assertThat(l[0]).isCloseTo(Math.sqrt(5), within(1e-15));
        assertThat(l[2]).isCloseTo(2 / Math.sqrt(5), within(1e-15));
        assertThat(l[3]).isCloseTo(Math.sqrt(5 - 4.0 / 5), within(1e-15));
        assertThat(a).containsExactly(1, 2, 2, 1);
    }

    @Test
    void sumsThatAreNotFiniteGiveThePriorMeanAndSayWhy() {
        Map<String, Double> sums = Map.of(StatsFields.matrix(0, 0), Double.POSITIVE_INFINITY,
                StatsFields.vector(0), 1.0);

        Ridge.Estimate estimate = Ridge.estimate(sums, 2, 1);

        assertThat(estimate.jitter()).isNaN();
        assertThat(estimate.degraded()).isTrue();
        assertThat(estimate.theta()).containsExactly(0, 0);
    }

    /** {@code lambda I + sum of n random rows x x'} with entries of x in [-scale, scale]. */
    private static double[] ridgeMatrix(SplittableRandom random, int n, double scale,
            double lambda) {
        double[] a = new double[D * D];
        for (int r = 0; r < n; r++) {
            double[] x = new double[D];
            for (int i = 0; i < D; i++) {
                x[i] = random.nextDouble(-scale, scale);
            }
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    a[i * D + j] += x[i] * x[j];
                }
            }
        }
        for (int i = 0; i < D; i++) {
            a[i * D + i] += lambda;
        }
        return a;
    }

    private static RealMatrix matrix(double[] a) {
        double[][] rows = new double[D][D];
        for (int i = 0; i < D; i++) {
            System.arraycopy(a, i * D, rows[i], 0, D);
        }
        return new Array2DRowRealMatrix(rows, false);
    }
}
