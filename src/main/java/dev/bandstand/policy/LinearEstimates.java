package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * A linear model's view of one decision.
 *
 * <p>Posterior draws: the candidates' means {@code X theta_tilde} with
 * {@code theta_tilde ~ N(theta, v^2 A^-1)} are jointly normal with covariance
 * {@code s^2 C}, {@code C = X P X'}, {@code s = v / sqrt(f)} (as {@code A^-1 = P / f}). With
 * no more candidates than features, C is factored once per view ({@code C = L_C L_C'}) and a
 * draw costs K normal variates and a triangular product; otherwise, or when C is singular
 * (repeated candidates), draws go through {@code theta + s L z} with {@code L L' = P} from
 * the model, d normal variates and K dot products. Both give the same distribution.
 */
final class LinearEstimates implements Estimates {

    private final LinearModel model;
    private final double[][] xs;
    private final double[] means;
    private final double[] widths;
    private final double observations;
    private final double pending;
    private final double scale;

    // joint draws: Cholesky factor of C (K by K), or null when the feature path is used
    private double[] jointFactor;
    // feature path: rows L' x_i
    private double[][] projected;
    private double[] z;
    // joint draws ranked once per decision, shared by the slots of a slate
    private Rankings rankings;

    LinearEstimates(LinearModel model, double[][] xs, double[] means, double[] widths,
            double observations, double pending, double scale) {
        this.model = model;
        this.xs = xs;
        this.means = means;
        this.widths = widths;
        this.observations = observations;
        this.pending = pending;
        this.scale = scale;
    }

    /** The feature vector of candidate {@code i}; not a copy. */
    double[] x(int i) {
        return xs[i];
    }

    /** The coefficients the means were computed with; not a copy. */
    double[] theta() {
        return model.theta();
    }

    @Override
    public int size() {
        return means.length;
    }

    @Override
    public double mean(int i) {
        return means[i];
    }

    @Override
    public double observations(int i) {
        return observations;
    }

    @Override
    public double pending(int i) {
        return pending;
    }

    @Override
    public double width(int i) {
        return widths[i];
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        if (z == null) {
            prepare();
        }
        for (int k = 0; k < z.length; k++) {
            z[k] = random.nextGaussian();
        }
        int n = means.length;
        if (jointFactor != null) {
            for (int i = 0; i < n; i++) {
                double sum = 0;
                int row = i * n;
                for (int j = 0; j <= i; j++) {
                    sum += jointFactor[row + j] * z[j];
                }
                out[i] = means[i] + scale * sum;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = means[i] + scale * Linear.dot(projected[i], z);
            }
        }
    }

    @Override
    public String bucket() {
        return null;
    }

    /** {@code draws} ranked joint draws over every candidate, made once per decision. */
    Rankings rankings(int draws, RandomGenerator random) {
        if (rankings == null || rankings.draws() != draws) {
            rankings = Rankings.draw(this, draws, random);
        }
        return rankings;
    }

    private void prepare() {
        int d = model.dimensions();
        int k = xs.length;
        if (k <= d && factorJoint(d, k)) {
            z = new double[k];
            return;
        }
        project(d);
        z = new double[d];
    }

    private boolean factorJoint(int d, int k) {
        double[] p = model.scaledInverse();
        double[] c = new double[k * k];
        double[] y = new double[d];
        double trace = 0;
        for (int i = 0; i < k; i++) {
            Linear.multiplySymmetric(p, xs[i], y, d);
            for (int j = 0; j <= i; j++) {
                double cij = Linear.dot(xs[j], y);
                c[i * k + j] = cij;
                c[j * k + i] = cij;
            }
            trace += c[i * k + i];
        }
        double[] factor = new double[k * k];
        if (!Linear.cholesky(c, factor, k)) {
            // nearly repeated candidates: a jitter far below the posterior spread
            double jitter = 1e-10 * trace / k;
            for (int i = 0; i < k; i++) {
                c[i * k + i] += jitter;
            }
            if (!Linear.cholesky(c, factor, k)) {
                return false;
            }
        }
        jointFactor = factor;
        return true;
    }

    private void project(int d) {
        double[] l = model.choleskyOfInverse();
        projected = new double[xs.length][d];
        for (int i = 0; i < xs.length; i++) {
            double[] x = xs[i];
            double[] u = projected[i];
            // u = L' x: u_k = sum over j >= k of L[j][k] x_j
            for (int j = 0; j < d; j++) {
                if (x[j] == 0) {
                    continue;
                }
                int row = j * d;
                for (int k = 0; k <= j; k++) {
                    u[k] += l[row + k] * x[j];
                }
            }
        }
    }
}
