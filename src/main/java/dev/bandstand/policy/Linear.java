package dev.bandstand.policy;

/** Small dense linear algebra on row-major {@code double[]} matrices, for the hot paths. */
final class Linear {

    private Linear() {
    }

    /** {@code x' y}. */
    static double dot(double[] x, double[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
        }
        return sum;
    }

    /**
     * {@code x' M x} for a symmetric d-by-d {@code m}, reading its upper triangle only:
     * {@code sum_i x_i (M_ii x_i / 2 + sum_{j > i} M_ij x_j)}, doubled.
     */
    static double quadratic(double[] m, double[] x, int d) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * d;
            double inner = 0.5 * m[row + i] * xi;
            for (int j = i + 1; j < d; j++) {
                inner += m[row + j] * x[j];
            }
            sum += xi * inner;
        }
        return 2 * sum;
    }

    /** {@code out = M x} for a d-by-d {@code m}. */
    static void multiply(double[] m, double[] x, double[] out, int d) {
        for (int r = 0; r < d; r++) {
            int row = r * d;
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += m[row + c] * x[c];
            }
            out[r] = sum;
        }
    }

    /**
     * Cholesky-Banachiewicz factorisation {@code M = L L'} of a symmetric positive definite
     * d-by-d {@code m} into the lower triangle of {@code l} (upper triangle set to 0).
     *
     * @return false when {@code m} is not numerically positive definite
     */
    static boolean cholesky(double[] m, double[] l, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = m[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return false;
                    }
                    l[i * d + i] = Math.sqrt(sum);
                } else {
                    l[i * d + j] = sum / l[j * d + j];
                }
            }
            for (int j = i + 1; j < d; j++) {
                l[i * d + j] = 0;
            }
        }
        return true;
    }
}
