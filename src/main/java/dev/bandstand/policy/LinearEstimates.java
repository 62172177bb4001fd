package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * A linear model's view of one decision. Posterior draws of the candidates' means are
 * {@code x_i' theta + s (L' x_i)' z} with {@code z ~ N(0, I)}, {@code L L' = P} and
 * {@code s = v / sqrt(f)}: the same as {@code x_i' (theta + v L_A z)} with
 * {@code L_A L_A' = A^-1}, but with {@code L' x_i} worked out once per view, so that a draw
 * costs d normal variates and K dot products.
 */
final class LinearEstimates implements Estimates {

    private final LinearModel model;
    private final double[][] xs;
    private final double[] means;
    private final double[] widths;
    private final double observations;
    private final double pending;
    private final double scale;
    private double[][] projected;
    private double[] z;

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
        if (projected == null) {
            project();
        }
        for (int k = 0; k < z.length; k++) {
            z[k] = random.nextGaussian();
        }
        for (int i = 0; i < means.length; i++) {
            out[i] = means[i] + scale * Linear.dot(projected[i], z);
        }
    }

    @Override
    public String bucket() {
        return null;
    }

    private void project() {
        int d = model.dimensions();
        double[] l = model.choleskyOfInverse();
        projected = new double[xs.length][d];
        z = new double[d];
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
