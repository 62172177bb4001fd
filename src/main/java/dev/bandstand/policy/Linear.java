package dev.bandstand.policy;

import java.util.Arrays;

/** Small dense linear algebra on row-major {@code double[]} matrices, for the hot paths. */
final class Linear {

    private Linear() {
    }

    /** {@code x' y}, with four partial sums so that the additions need not wait in line. */
    static double dot(double[] x, double[] y) {
        int n = x.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < n; i++) {
            s0 += x[i] * y[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * {@code out = M x} for a symmetric d-by-d {@code m}. Sparse x (at most a quarter of the
     * entries non-zero, as hashed features often are) is done as a sum of the rows picked by
     * its non-zero entries (row c equals column c); dense x as d row dot products.
     */
    static void multiplySymmetric(double[] m, double[] x, double[] out, int d) {
        int nonZero = 0;
        for (int c = 0; c < d; c++) {
            if (x[c] != 0) {
                nonZero++;
            }
        }
        if (4 * nonZero > d) {
            for (int r = 0; r < d; r++) {
                out[r] = dot(m, r * d, x, d);
            }
            return;
        }
        Arrays.fill(out, 0, d, 0);
        for (int c = 0; c < d; c++) {
            double xc = x[c];
            if (xc == 0) {
                continue;
            }
            int row = c * d;
            for (int r = 0; r < d; r++) {
                out[r] += xc * m[row + r];
            }
        }
    }

    /**
     * {@code x' M x} for a symmetric d-by-d {@code m}, from its upper triangle:
     * {@code 2 sum_i x_i (M_ii x_i / 2 + sum_{j > i} M_ij x_j)}, rows of zero x_i skipped.
     */
    static double quadratic(double[] m, double[] x, int d) {
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * d;
            double s0 = 0.5 * m[row + i] * xi;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = i + 1;
            for (; j + 3 < d; j += 4) {
                s0 += m[row + j] * x[j];
                s1 += m[row + j + 1] * x[j + 1];
                s2 += m[row + j + 2] * x[j + 2];
                s3 += m[row + j + 3] * x[j + 3];
            }
            for (; j < d; j++) {
                s0 += m[row + j] * x[j];
            }
            sum += xi * ((s0 + s1) + (s2 + s3));
        }
        return 2 * sum;
    }

    /** Dot product of {@code m[offset .. offset + d)} with {@code x}, four partial sums. */
    private static double dot(double[] m, int offset, double[] x, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += m[offset + j] * x[j];
            s1 += m[offset + j + 1] * x[j + 1];
            s2 += m[offset + j + 2] * x[j + 2];
            s3 += m[offset + j + 3] * x[j + 3];
        }
        for (; j < d; j++) {
            s0 += m[offset + j] * x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Cholesky-Banachiewicz factorisation {@code M = L L'} of a symmetric positive definite
     * d-by-d {@code m} into the lower triangle of {@code l} (upper triangle set to 0).
     *
     * @return false when {@code m} is not numerically positive definite
     */
    static boolean cholesky(double[] m, double[] l, int d) {
        return cholesky(m, l, d, 0);
    }

    /**
     * {@link #cholesky(double[], double[], int)} that also fails when a pivot keeps less than
     * {@code minPivot} of its diagonal entry: the digits left in it are too few to trust.
     */
    static boolean cholesky(double[] m, double[] l, int d, double minPivot) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = m[i * d + j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(sum > 0) || sum < minPivot * m[i * d + i]) {
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
