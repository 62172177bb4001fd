package dev.bandstand.policy;

import java.util.Map;

/**
 * The ridge system {@code A = lambda I + f S_A} of a linear model solved in doubles, also when
 * its statistics have lost the ridge term to rounding.
 *
 * <p>{@link #factor} is a Cholesky factorisation that accepts a pivot only while it keeps at
 * least {@value #MIN_PIVOT} of its diagonal entry (fewer than two of the sixteen digits of a
 * double left means the matrix is singular to working precision). When {@code A} fails that,
 * its diagonal is raised, each entry {@code A_ii} by {@code e max(A_ii, floor)}, for the least
 * {@code e} of {@link #JITTERS} that factors: a stronger ridge, scaled per feature so that
 * well-conditioned features keep theirs almost unchanged. Failing all of them, each diagonal
 * entry becomes {@code max(A_ii, floor) + 2 sum_{j != i} |A_ij|}: the matrix is then strictly
 * diagonally dominant with a positive diagonal, so positive definite (Gershgorin), and it
 * factors. A raised diagonal is a fallback, not an estimate: the model it gives shrinks the
 * ill-conditioned features hard, and its caller says so.
 *
 * <p>Stateless; thread-safe.
 */
public final class Ridge {

    /** Relative raises of the diagonal tried in turn after a plain factorisation fails. */
    static final double[] JITTERS = {1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1};

    /** Least share of its diagonal entry a pivot must keep to count as positive. */
    static final double MIN_PIVOT = 1e-14;

    /** What {@link #factor} returns when it had to make the matrix diagonally dominant. */
    public static final double DOMINANT = Double.POSITIVE_INFINITY;

    private Ridge() {
    }

    /**
     * A linear model's ridge estimate as a report reads it: {@code theta = A^-1 b} with
     * {@code A = lambda I + S_A} and {@code b = S_b} from sums named as {@link StatsFields}
     * names them, already multiplied by the forgetting factor.
     *
     * @param jitter 0 when A factored as it is; else the relative raise of its diagonal it
     *     took, {@link #DOMINANT} when it had to be made diagonally dominant, NaN when the sums
     *     are not finite (theta is then 0)
     */
    public record Estimate(double[] theta, double jitter) {

        /** True when the estimate needed a raised diagonal or could not be made. */
        public boolean degraded() {
            return jitter != 0;
        }
    }

    /** The estimate of {@code sums} for dimension {@code d} and ridge {@code lambda}. */
    public static Estimate estimate(Map<String, Double> sums, int d, double lambda) {
        double[] a = new double[d * d];
        double[] b = new double[d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = sums.getOrDefault(StatsFields.matrix(i, j), 0.0);
                a[i * d + j] = v;
                a[j * d + i] = v;
            }
            a[i * d + i] += lambda;
            b[i] = sums.getOrDefault(StatsFields.vector(i), 0.0);
        }
        double[] l = new double[d * d];
        double jitter = factor(a, l, d, lambda);
        double[] theta = new double[d];
        if (Double.isNaN(jitter) || !finite(b)) {
            return new Estimate(theta, Double.NaN);
        }
        solve(l, b, theta, d);
        return new Estimate(theta, jitter);
    }

    /**
     * Factors the symmetric d-by-d {@code m} (row-major, both triangles) as {@code L L'} into
     * the lower triangle of {@code l}, raising its diagonal as the class describes when it does
     * not factor as it is; {@code m} is left as it was.
     *
     * @param floor positive: what a diagonal entry below it is raised in proportion to (the
     *     ridge lambda for {@code A})
     * @return 0 when {@code m} factored as it is, the relative raise used, {@link #DOMINANT},
     *     or NaN when {@code m} has an entry that is not finite ({@code l} is then undefined)
     */
    static double factor(double[] m, double[] l, int d, double floor) {
        if (!finite(m)) {
            return Double.NaN;
        }
        if (Linear.cholesky(m, l, d, MIN_PIVOT)) {
            return 0;
        }
        double[] raised = m.clone();
        for (double jitter : JITTERS) {
            for (int i = 0; i < d; i++) {
                raised[i * d + i] = m[i * d + i] + jitter * Math.max(m[i * d + i], floor);
            }
            if (Linear.cholesky(raised, l, d, MIN_PIVOT)) {
                return jitter;
            }
        }
        for (int i = 0; i < d; i++) {
            double off = 0;
            for (int j = 0; j < d; j++) {
                off += j == i ? 0 : Math.abs(m[i * d + j]);
            }
            raised[i * d + i] = Math.max(m[i * d + i], floor) + 2 * off;
        }
        if (!Linear.cholesky(raised, l, d, MIN_PIVOT)) {
            throw new IllegalStateException("a diagonally dominant matrix did not factor");
        }
        return DOMINANT;
    }

    /** {@code (L L')^-1} into {@code out} (full, symmetric) from the lower factor {@code l}. */
    static void invert(double[] l, double[] out, int d) {
        // W = L^-1, lower triangular, column by column by forward substitution
        double[] w = new double[d * d];
        for (int c = 0; c < d; c++) {
            w[c * d + c] = 1 / l[c * d + c];
            for (int r = c + 1; r < d; r++) {
                double sum = 0;
                for (int k = c; k < r; k++) {
                    sum += l[r * d + k] * w[k * d + c];
                }
                w[r * d + c] = -sum / l[r * d + r];
            }
        }
        // (L L')^-1 = W' W: entry (i, j) sums W_ki W_kj over k >= max(i, j)
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = 0;
                for (int k = i; k < d; k++) {
                    sum += w[k * d + i] * w[k * d + j];
                }
                out[i * d + j] = sum;
                out[j * d + i] = sum;
            }
        }
    }

    /** {@code out = (L L')^-1 b} by forward and back substitution. */
    static void solve(double[] l, double[] b, double[] out, int d) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i * d + k] * y[k];
            }
            y[i] = sum / l[i * d + i];
        }
        for (int i = d - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < d; k++) {
                sum -= l[k * d + i] * out[k];
            }
            out[i] = sum / l[i * d + i];
        }
    }

    private static boolean finite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
