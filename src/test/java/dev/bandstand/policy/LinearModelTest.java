package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class LinearModelTest {

    private static final int D = 4;
    private static final double LAMBDA = 0.7;

    private final Context context = Fixtures.context();
    private final List<Arm> units = Fixtures.oneHotArms(D);

    /** Rows that were decided and then rewarded, with their rewards and weights. */
    private final List<double[]> rows = new ArrayList<>();
    private final List<Double> rewards = new ArrayList<>();
    private final List<Double> weights = new ArrayList<>();

    @Test
    void thetaEqualsRidgeRegressionSolvedByQrIncludingDrops() {
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, Forgetting.none());
        model.estimates(context, units, Fixtures.NOW);

        play(model, new SplittableRandom(8), 60, i -> 1.0);

        assertMatchesRidge(model, Fixtures.NOW, 1, 1e-10);
    }

    @Test
    void thetaStaysExactAcrossManyRankOneUpdatesAndRecomputations() {
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, Forgetting.none());
        model.estimates(context, units, Fixtures.NOW);

        for (int block = 0; block < 250; block++) {
            play(model, new SplittableRandom(9 + block), 10, i -> 1.0);
            model.estimates(context, units, Fixtures.NOW);
        }

        assertMatchesRidge(model, Fixtures.NOW, 1, 1e-9);
    }

    @Test
    void reloadFromSumsReproducesTheEstimates() {
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, Forgetting.none());
        model.estimates(context, units, Fixtures.NOW);
        play(model, new SplittableRandom(10), 80, i -> 1.0);
        LinearModel copy = new LinearModel(new VectorEncoder(D), LAMBDA, 1, Forgetting.none());

        copy.load(model.sums(), model.version());

        assertThat(copy.version()).isEqualTo(model.version());
        SumsAssert.sameSums(copy.sums(), model.sums());
        assertMatchesRidge(copy, Fixtures.NOW, 1, 1e-10);
        Estimates a = model.estimates(context, units, Fixtures.NOW);
        Estimates b = copy.estimates(context, units, Fixtures.NOW);
        for (int i = 0; i < D; i++) {
            assertThat(b.mean(i)).isCloseTo(a.mean(i), within(1e-10));
            assertThat(b.width(i)).isCloseTo(a.width(i), within(1e-10));
            assertThat(b.pending(i)).isEqualTo(a.pending(i));
        }
    }

    @Test
    void forgettingReadsAWeightedRidgeRegression() {
        Duration halfLife = Duration.ofHours(1);
        Forgetting forgetting = Forgetting.of(halfLife, Fixtures.NOW);
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, forgetting);
        Instant later = Fixtures.NOW.plus(Duration.ofHours(3));
        // read first, so that the updates below go through the rank-one path at f(later)
        model.estimates(context, units, later);

        // decision i at NOW + i minutes
        play(model, new SplittableRandom(12), 120,
                i -> forgetting.weight(Fixtures.NOW.plusSeconds(60L * i)));

        assertMatchesRidge(model, later, forgetting.factor(later), 1e-9);
    }

    @Test
    void aDriftedForgettingFactorTriggersAFreshInversion() {
        Forgetting forgetting = Forgetting.of(Duration.ofHours(1), Fixtures.NOW);
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, forgetting);
        model.estimates(context, units, Fixtures.NOW);
        play(model, new SplittableRandom(22), 200, i -> 1.0);
        // 30 s is 0.6% of the factor, within the drift kept; 10 min is 11%, beyond it
        Instant slightly = Fixtures.NOW.plusSeconds(30);
        Instant clearly = Fixtures.NOW.plus(Duration.ofMinutes(10));

        // with P kept from f = 1, the ridge term reads lambda (1 - 0.006): theta moves by
        // far less than 1e-3 at 150 rows
        assertMatchesRidge(model, slightly, forgetting.factor(slightly), 1e-3);
        assertMatchesRidge(model, clearly, forgetting.factor(clearly), 1e-10);
    }

    @Test
    void sumsEqualStatsFieldsIncrementsAppliedToAPlainMap() {
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, 1, Forgetting.none());
        Map<String, Double> plain = new HashMap<>();
        StatsFields.Sink sink = (field, delta) -> plain.merge(field, delta, Double::sum);
        SplittableRandom random = new SplittableRandom(14);

        for (int i = 0; i < 300; i++) {
            double[] x = row(random);
            x[random.nextInt(D)] = 0;
            Update u = new LinearUpdate("a", x);
            double w = 0.5 + random.nextDouble();
            model.decided(u, w);
            StatsFields.decided(u, w, sink);
            if (random.nextInt(4) == 0) {
                model.dropped(u, w);
                StatsFields.dropped(u, w, sink);
            } else {
                double r = random.nextDouble();
                model.rewarded(u, r, w);
                StatsFields.rewarded(u, r, w, sink);
            }
        }

        SumsAssert.sameSums(model.sums(), plain);
    }

    @Test
    void posteriorDrawsHaveMeanThetaAndCovarianceVSquaredAInverse() {
        double v = 0.5;
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, v, Forgetting.none());
        play(model, new SplittableRandom(15), 40, i -> 1.0);
        Estimates e = model.estimates(context, units, Fixtures.NOW);
        RealMatrix aInverse = new LUDecomposition(designMatrix(1)).getSolver().getInverse();
        SplittableRandom random = new SplittableRandom(16);
        int draws = 200_000;
        double[] sum = new double[D];
        double[] sumOfSquares = new double[D];
        double[] out = new double[D];

        for (int m = 0; m < draws; m++) {
            e.sample(random, out);
            for (int i = 0; i < D; i++) {
                sum[i] += out[i];
                sumOfSquares[i] += out[i] * out[i];
            }
        }

        for (int i = 0; i < D; i++) {
            double mean = sum[i] / draws;
            double variance = sumOfSquares[i] / draws - mean * mean;
            double expected = v * v * aInverse.getEntry(i, i);
            // standard errors: sqrt(var / n) for the mean, var sqrt(2 / n) for the variance
            assertThat(mean).isCloseTo(e.mean(i), within(5 * Math.sqrt(expected / draws)));
            assertThat(variance).isCloseTo(expected, within(5 * expected * Math.sqrt(2.0 / draws)));
        }
    }

    @Test
    void drawsHaveTheSameSpreadWhenCandidatesOutnumberFeatures() {
        double v = 0.5;
        LinearModel model = new LinearModel(new VectorEncoder(D), LAMBDA, v, Forgetting.none());
        play(model, new SplittableRandom(19), 40, i -> 1.0);
        SplittableRandom rows = new SplittableRandom(20);
        double[][] x = new double[D + 2][];
        for (int i = 0; i < x.length; i++) {
            x[i] = row(rows);
        }
        Estimates e = model.estimates(context, Fixtures.vectorArms(x), Fixtures.NOW);
        SplittableRandom random = new SplittableRandom(21);
        int draws = 200_000;
        double[] out = new double[x.length];
        double sum = 0;
        double sumOfSquares = 0;

        for (int m = 0; m < draws; m++) {
            e.sample(random, out);
            sum += out[5];
            sumOfSquares += out[5] * out[5];
        }

        // six candidates over four features: draws go through theta, not the 6 x 6 C;
        // the spread of candidate 5 is v times its width
        double mean = sum / draws;
        double expected = v * v * e.width(5) * e.width(5);
        assertThat(mean).isCloseTo(e.mean(5), within(5 * Math.sqrt(expected / draws)));
        assertThat(sumOfSquares / draws - mean * mean)
                .isCloseTo(expected, within(5 * expected * Math.sqrt(2.0 / draws)));
    }

    @Test
    void aBurstOfPendingDecisionsSpreadsLinUcbOverArms() {
        LinearModel model = new LinearModel(new VectorEncoder(D), 1, 1, Forgetting.none());
        Policy policy = new LinUcbPolicy(1);
        SplittableRandom random = new SplittableRandom(18);
        Set<String> chosen = new HashSet<>();

        for (int i = 0; i < D; i++) {
            Estimates e = model.estimates(context, units, Fixtures.NOW);
            Arm arm = units.get(Draw.index(policy.probabilities(e, random), random));
            chosen.add(arm.id());
            model.decided(model.updateFor(context, arm), 1);
        }

        assertThat(chosen).hasSize(D);
    }

    /** Decides {@code rounds} random rows; drops every fourth, rewards the rest. */
    private void play(LinearModel model, SplittableRandom random, int rounds,
            java.util.function.IntToDoubleFunction weightOf) {
        double[] truth = {0.3, -0.2, 0.5, 0.1};
        for (int i = 0; i < rounds; i++) {
            double[] x = row(random);
            double w = weightOf.applyAsDouble(i);
            Update u = new LinearUpdate("arm", x);
            model.decided(u, w);
            if (i % 4 == 3) {
                model.dropped(u, w);
                continue;
            }
            double r = Math.min(1, Math.max(0, Linear.dot(truth, x) + 0.2 * random.nextDouble()));
            model.rewarded(u, r, w);
            rows.add(x);
            rewards.add(r);
            weights.add(w);
        }
    }

    /**
     * Ridge regression solved independently: least squares by Commons Math QR on the stacked
     * system [sqrt(f w) X; sqrt(lambda) I] theta = [sqrt(f w) y; 0].
     */
    private void assertMatchesRidge(LinearModel model, Instant now, double f, double tol) {
        int m = rows.size();
        double[][] stacked = new double[m + D][D];
        double[] target = new double[m + D];
        for (int r = 0; r < m; r++) {
            double root = Math.sqrt(f * weights.get(r));
            for (int j = 0; j < D; j++) {
                stacked[r][j] = root * rows.get(r)[j];
            }
            target[r] = root * rewards.get(r);
        }
        for (int j = 0; j < D; j++) {
            stacked[m + j][j] = Math.sqrt(LAMBDA);
        }
        double[] ridge = new QRDecomposition(new Array2DRowRealMatrix(stacked))
                .getSolver().solve(new ArrayRealVector(target)).toArray();
        RealMatrix aInverse = new LUDecomposition(designMatrix(f)).getSolver().getInverse();

        Estimates e = model.estimates(context, units, now);

        for (int j = 0; j < D; j++) {
            assertThat(e.mean(j)).as("theta %d", j).isCloseTo(ridge[j], within(tol));
            assertThat(e.width(j)).as("width %d", j)
                    .isCloseTo(Math.sqrt(aInverse.getEntry(j, j)), within(tol));
        }
    }

    /** lambda I + f sum of w x x' over the rewarded rows. */
    private RealMatrix designMatrix(double f) {
        double[][] a = new double[D][D];
        for (int r = 0; r < rows.size(); r++) {
            double[] x = rows.get(r);
            for (int i = 0; i < D; i++) {
                for (int j = 0; j < D; j++) {
                    a[i][j] += f * weights.get(r) * x[i] * x[j];
                }
            }
        }
        for (int i = 0; i < D; i++) {
            a[i][i] += LAMBDA;
        }
        return new Array2DRowRealMatrix(a);
    }

    private static double[] row(SplittableRandom random) {
        double[] x = new double[D];
        for (int j = 0; j < D; j++) {
            x[j] = random.nextDouble() - 0.3;
        }
        return x;
    }
}
