package dev.bandstand.simulation.estimators;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * A logistic-regression reward model as a {@link RewardModelFit}: {@code P(reward = 1 | x) =
 * 1 / (1 + exp(-b'x))} over sparse features {@code x} of (context, action), fitted by
 * Newton's method (iteratively reweighted least squares) with an L2 penalty
 * {@code lambda/2 |b|^2} on every coefficient but the first (the intercept, whose feature
 * must be 1 in every row). Rewards must lie in [0, 1]; a fractional reward counts as that
 * share of a success.
 *
 * <p>Rounds come in prediction groups: rounds whose actions have the same features (the same
 * user features and slot, say) share one group, so a refit predicts each group once. A refit
 * on a resample starts from the fit on all rounds and stops when no coefficient moves by more
 * than {@value #TOLERANCE} (at most {@value #MAX_ITERATIONS} steps).
 *
 * <p>Immutable and thread-safe once built.
 */
public final class LogisticFit implements RewardModelFit {

    /** Largest coefficient change at which Newton's method stops. */
    static final double TOLERANCE = 1e-8;
    /** Most Newton steps per fit. */
    static final int MAX_ITERATIONS = 50;

    /**
     * Sparse features: indices into the coefficient vector and their values.
     *
     * @param index feature indices, each in {@code [0, dimensions)}
     * @param value the features' values, same length
     */
    public record Row(int[] index, double[] value) {

        /** Checks lengths. */
        public Row {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(value, "value");
            if (index.length != value.length) {
                throw new IllegalArgumentException("index and value differ in length");
            }
        }
    }

    private final int dimensions;
    private final double lambda;
    private final Row[] chosen;
    private final double[] reward;
    private final int[] group;
    private final Row[][] groupActions;
    private final double[] start;

    /**
     * A fit over rounds.
     *
     * @param dimensions number of coefficients, feature 0 the intercept
     * @param lambda L2 penalty, {@code >= 0}
     * @param chosen each round's features of its chosen action
     * @param rewards each round's reward, in [0, 1]
     * @param group each round's prediction group
     * @param groupActions per group, the features of each of its actions, in action order
     */
    public LogisticFit(int dimensions, double lambda, Row[] chosen, double[] rewards,
            int[] group, Row[][] groupActions) {
        if (dimensions < 1 || !(lambda >= 0)) {
            throw new IllegalArgumentException("dimensions must be >= 1 and lambda >= 0");
        }
        if (chosen.length != rewards.length || group.length != rewards.length) {
            throw new IllegalArgumentException("chosen, rewards and group need one entry per"
                    + " round");
        }
        for (int t = 0; t < rewards.length; t++) {
            if (!(rewards[t] >= 0 && rewards[t] <= 1)) {
                throw new IllegalArgumentException("round " + t + ": reward must be in [0, 1]");
            }
        }
        this.dimensions = dimensions;
        this.lambda = lambda;
        this.chosen = chosen.clone();
        this.reward = rewards.clone();
        this.group = group.clone();
        this.groupActions = groupActions.clone();
        int[] all = new int[rewards.length];
        Arrays.fill(all, 1);
        this.start = coefficients(all, new double[dimensions]);
    }

    /** The coefficients fitted on every round once. */
    public double[] coefficients() {
        return start.clone();
    }

    @Override
    public double[][] fit(int[] counts) {
        double[] b = coefficients(counts, start);
        return Groups.perRound(counts, group, groupActions.length, g -> {
            Row[] actions = groupActions[g];
            double[] p = new double[actions.length];
            for (int a = 0; a < p.length; a++) {
                p[a] = sigmoid(dot(b, actions[a]));
            }
            return p;
        });
    }

    private double[] coefficients(int[] counts, double[] from) {
        double[] b = from.clone();
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            // Newton step on the penalised log-likelihood: H = X'WX + L, g = X'(y - p) - L b
            double[][] h = new double[dimensions][dimensions];
            double[] g = new double[dimensions];
            for (int t = 0; t < counts.length; t++) {
                int c = counts[t];
                if (c == 0) {
                    continue;
                }
                Row x = chosen[t];
                double p = sigmoid(dot(b, x));
                double w = c * p * (1 - p);
                double r = c * (reward[t] - p);
                for (int i = 0; i < x.index().length; i++) {
                    int fi = x.index()[i];
                    double vi = x.value()[i];
                    g[fi] += r * vi;
                    for (int j = 0; j < x.index().length; j++) {
                        h[fi][x.index()[j]] += w * vi * x.value()[j];
                    }
                }
            }
            for (int i = 0; i < dimensions; i++) {
                // the intercept is not penalised; a tiny ridge keeps H positive definite
                double penalty = i == 0 ? 1e-9 : lambda + 1e-9;
                h[i][i] += penalty;
                g[i] -= i == 0 ? 0 : lambda * b[i];
            }
            RealVector step = new CholeskyDecomposition(new Array2DRowRealMatrix(h, false),
                    1e-12, 1e-14).getSolver().solve(new ArrayRealVector(g, false));
            double largest = 0;
            for (int i = 0; i < dimensions; i++) {
                b[i] += step.getEntry(i);
                largest = Math.max(largest, Math.abs(step.getEntry(i)));
            }
            if (largest < TOLERANCE) {
                break;
            }
        }
        return b;
    }

    private static double dot(double[] b, Row x) {
        double s = 0;
        for (int i = 0; i < x.index().length; i++) {
            s += b[x.index()[i]] * x.value()[i];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
