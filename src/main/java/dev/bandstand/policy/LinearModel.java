package dev.bandstand.policy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.FeatureEncoder;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Ridge regression over context-by-arm features, shared by all arms, as LinUCB and linear
 * Thompson sampling read it (Li et al., WWW 2010; Agrawal and Goyal, ICML 2013).
 *
 * <p>With {@code S_A} the weighted sum of x x' over decided rounds, {@code S_b} the weighted
 * sum of r x over rewarded ones and {@code f} the forgetting factor at read time:
 * {@code A = lambda I + f S_A}, {@code b = f S_b}, {@code theta = A^-1 b}, mean
 * {@code x' theta}, width {@code sqrt(x' A^-1 x)}, posterior draws
 * {@code theta + v L z} with {@code L L' = A^-1}.
 *
 * <p>The model keeps {@code P = (lambda / f0 I + S_A)^-1} for a reference factor
 * {@code f0}, updated by Sherman-Morrison rank-one updates (a decision adds x x', a drop takes
 * it out again), so that {@code A^-1 = P / f} and {@code theta = P S_b}. {@code P} is computed
 * afresh from {@code S_A} by Cholesky on load, after every {@value #RECOMPUTE_EVERY} rank-one
 * updates (rounding drift), and when {@code f} has moved more than
 * {@value #MAX_FACTOR_DRIFT} relative to {@code f0}; in between, the ridge term is read as
 * {@code lambda f / f0}, at most 1% off.
 *
 * <p>Estimates report the model's decayed count of rewards as every candidate's
 * observations and its pending decisions as every candidate's pending count, since the
 * parameters are shared. Rewards without an earlier {@link #decided} add nothing to A. The
 * version counts every change of the sums. Not thread-safe: the owner serialises calls.
 *
 * <p>Numerical failures never escape: when {@code A} (or {@code P}, for posterior draws) is
 * not numerically positive definite, as after feature values far beyond
 * {@code FeatureSettings.MAX_SCALED_VALUE} or with sums an older build wrote, it is factored
 * with its diagonal raised ({@link Ridge#factor}) and decisions go on; one WARN names the
 * placement when that starts and one INFO when the statistics factor as they are again. Sums
 * that are not finite are skipped: the model then holds only its ridge prior.
 */
final class LinearModel implements Model {

    static final int RECOMPUTE_EVERY = 1000;
    static final double MAX_FACTOR_DRIFT = 0.01;

    private final FeatureEncoder encoder;
    private final int d;
    private final double lambda;
    private final double v;
    private final Forgetting forgetting;

    // upper triangle (j >= i) of S_A, row-major d by d; the lower part stays 0
    private final double[] sumA;
    private final double[] sumB;
    private double count;
    private double pending;

    private final double[] inverse;
    private boolean inverseValid;
    private double inverseFactor = 1;
    private int rankOneUpdates;
    private final double[] scratch;

    private long revision;
    private final double[] theta;
    private long thetaRevision = -1;
    private final double[] cholesky;
    private long choleskyRevision = -1;
    private long version;

    private final Conditioning conditioning;

    /** A model of an unnamed placement, for tests and simulations. */
    LinearModel(FeatureEncoder encoder, double lambda, double v, Forgetting forgetting) {
        this("(unnamed)", encoder, lambda, v, forgetting);
    }

    /**
     * @param placement the placement's name, for log lines
     */
    LinearModel(String placement, FeatureEncoder encoder, double lambda, double v,
            Forgetting forgetting) {
        this.conditioning = new Conditioning(placement);
        this.encoder = encoder;
        this.d = encoder.dimensions();
        this.lambda = lambda;
        this.v = v;
        this.forgetting = forgetting;
        this.sumA = new double[d * d];
        this.sumB = new double[d];
        this.inverse = new double[d * d];
        this.scratch = new double[d];
        this.theta = new double[d];
        this.cholesky = new double[d * d];
    }

    @Override
    public Estimates estimates(Context context, List<Arm> candidates, Instant now) {
        double f = forgetting.factor(now);
        if (!inverseValid || Math.abs(f / inverseFactor - 1) > MAX_FACTOR_DRIFT) {
            recompute(f);
        }
        double[] th = theta();

        int k = candidates.size();
        double[][] xs = new double[k][];
        double[] means = new double[k];
        double[] widths = new double[k];
        for (int i = 0; i < k; i++) {
            double[] x = encode(context, candidates.get(i));
            xs[i] = x;
            means[i] = Linear.dot(x, th);
            widths[i] = Math.sqrt(Math.max(0, Linear.quadratic(inverse, x, d)) / f);
        }
        return new LinearEstimates(this, xs, means, widths, f * count, pending,
                v / Math.sqrt(f));
    }

    @Override
    public Update updateFor(Context context, Arm arm) {
        return new LinearUpdate(arm.id(), encode(context, arm));
    }

    @Override
    public void decided(Update update, double weight) {
        double[] x = vector(update);
        Weights.check(weight);

        addOuter(x, weight);
        rankOne(x, weight, 1);
        pending += 1;
        changed();
    }

    @Override
    public void rewarded(Update update, double reward, double weight) {
        double[] x = vector(update);
        Weights.check(weight);
        Weights.checkReward(reward);

        for (int i = 0; i < d; i++) {
            if (x[i] != 0) {
                // the same product, in the same order, as StatsFields.rewarded
                sumB[i] += weight * reward * x[i];
            }
        }
        count += weight;
        pending += -1;
        changed();
    }

    @Override
    public void dropped(Update update, double weight) {
        double[] x = vector(update);
        Weights.check(weight);

        addOuter(x, -weight);
        rankOne(x, weight, -1);
        pending += -1;
        changed();
    }

    @Override
    public void load(Map<String, Double> sums, long version) {
        Arrays.fill(sumA, 0);
        Arrays.fill(sumB, 0);
        count = 0;
        pending = 0;
        for (Map.Entry<String, Double> e : sums.entrySet()) {
            set(e.getKey(), e.getValue());
        }
        inverseValid = false;
        this.version = version;
        revision++;
    }

    @Override
    public Map<String, Double> sums() {
        Map<String, Double> out = new HashMap<>();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                if (sumA[i * d + j] != 0) {
                    out.put(StatsFields.matrix(i, j), sumA[i * d + j]);
                }
            }
            if (sumB[i] != 0) {
                out.put(StatsFields.vector(i), sumB[i]);
            }
        }
        if (count != 0) {
            out.put("n", count);
        }
        if (pending != 0) {
            out.put("p", pending);
        }
        return out;
    }

    @Override
    public long version() {
        return version;
    }

    /** Cholesky factor L (row-major, lower) of P, so that {@code A^-1 = L L' / f}. */
    double[] choleskyOfInverse() {
        if (choleskyRevision != revision) {
            double raised = Ridge.factor(inverse, cholesky, d, Double.MIN_NORMAL);
            if (raised != 0) {
                // rounding made P lose definiteness: start again from A
                recompute(inverseFactor);
                raised = Ridge.factor(inverse, cholesky, d, Double.MIN_NORMAL);
                if (raised != 0) {
                    conditioning.inverseRaised(raised);
                }
            }
            choleskyRevision = revision;
        }
        return cholesky;
    }

    /**
     * The relative raise of A's diagonal the last inversion needed: 0 when A factored as it
     * is, {@link Ridge#DOMINANT} or NaN as {@link Ridge#factor} says.
     */
    double jitter() {
        return conditioning.jitter();
    }

    /** Dimension d. */
    int dimensions() {
        return d;
    }

    /** {@code P}, with {@code A^-1 = P / f}; read-only for the estimates of this revision. */
    double[] scaledInverse() {
        return inverse;
    }

    /** The ridge coefficients A^-1 b at the current statistics; not a copy. */
    double[] theta() {
        if (thetaRevision != revision) {
            Linear.multiplySymmetric(inverse, sumB, theta, d);
            for (double t : theta) {
                if (!Double.isFinite(t)) {
                    // S_b beyond doubles: the prior mean, as recompute keeps the prior
                    Arrays.fill(theta, 0);
                    conditioning.notFinite();
                    break;
                }
            }
            thetaRevision = revision;
        }
        return theta;
    }

    private void recompute(double f) {
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = f * sumA[Math.min(i, j) * d + Math.max(i, j)];
            }
            a[i * d + i] += lambda;
        }
        double[] l = new double[d * d];
        double raised = Ridge.factor(a, l, d, lambda);
        if (Double.isNaN(raised)) {
            // sums beyond doubles: keep only the prior, A = lambda I, until a load replaces them
            Arrays.fill(a, 0);
            for (int i = 0; i < d; i++) {
                a[i * d + i] = lambda;
            }
            Ridge.factor(a, l, d, lambda);
        }
        // P = (lambda / f I + S_A)^-1 = f (lambda I + f S_A)^-1
        Ridge.invert(l, inverse, d);
        for (int i = 0; i < inverse.length; i++) {
            inverse[i] *= f;
        }
        conditioning.factored(raised);
        inverseValid = true;
        inverseFactor = f;
        rankOneUpdates = 0;
        revision++;
    }

    private void rankOne(double[] x, double weight, int sign) {
        if (!inverseValid) {
            return;
        }
        double root = Math.sqrt(weight);
        double[] g = scratch;
        Linear.multiplySymmetric(inverse, x, g, d);
        double q = 0;
        for (int r = 0; r < d; r++) {
            g[r] *= root;
            q += root * x[r] * g[r];
        }

        // Sherman-Morrison: (B + s u u')^-1 = B^-1 - s g g' / (1 + s u' g), g = B^-1 u
        double denominator = 1 + sign * q;
        if (!(denominator > 1e-9) || !Double.isFinite(denominator)) {
            // a downdate this close to singular loses all precision: invert A afresh
            recompute(inverseFactor);
            return;
        }
        for (int r = 0; r < d; r++) {
            double gr = sign * g[r] / denominator;
            for (int c = 0; c < d; c++) {
                inverse[r * d + c] -= gr * g[c];
            }
        }
        rankOneUpdates++;
        if (rankOneUpdates >= RECOMPUTE_EVERY) {
            recompute(inverseFactor);
        }
    }

    private void addOuter(double[] x, double weight) {
        for (int i = 0; i < d; i++) {
            if (x[i] == 0) {
                continue;
            }
            // (weight x_i) x_j: the same product, in the same order, as StatsFields; a zero
            // x_j adds 0 and leaves the sum as it is
            double wx = weight * x[i];
            int row = i * d;
            for (int j = i; j < d; j++) {
                sumA[row + j] += wx * x[j];
            }
        }
    }

    private void set(String field, double value) {
        if (field.equals("n")) {
            count = value;
            return;
        }
        if (field.equals("p")) {
            pending = value;
            return;
        }
        String[] parts = field.split("\\|", -1);
        try {
            if (parts.length == 3 && parts[0].equals("A")) {
                int i = Integer.parseInt(parts[1]);
                int j = Integer.parseInt(parts[2]);
                if (i <= j && j < d && i >= 0) {
                    sumA[i * d + j] = value;
                    return;
                }
            } else if (parts.length == 2 && parts[0].equals("b")) {
                int i = Integer.parseInt(parts[1]);
                if (i >= 0 && i < d) {
                    sumB[i] = value;
                    return;
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a linear statistic: field " + field, e);
        }
        throw new IllegalArgumentException("not a linear statistic of dimension " + d
                + ": field " + field);
    }

    private double[] encode(Context context, Arm arm) {
        double[] x = encoder.encode(context, arm);
        if (x.length != d) {
            throw new IllegalStateException("feature encoder returned " + x.length
                    + " features for arm " + arm.id() + ", expected " + d);
        }
        return x;
    }

    private double[] vector(Update update) {
        if (!(update instanceof LinearUpdate l)) {
            throw new IllegalArgumentException("a linear model takes linear updates, got "
                    + update.getClass().getSimpleName() + " for arm " + update.armId());
        }
        if (l.x().length != d) {
            throw new IllegalArgumentException("update x has length " + l.x().length
                    + " for arm " + l.armId() + ", expected " + d);
        }
        return l.x();
    }

    private void changed() {
        version++;
        revision++;
    }
}
