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

    /** {@code x' M x} for a symmetric d-by-d {@code m}, skipping zero entries of x. */
    static double quadratic(double[] m, double[] x, int d) {
        int[] nonZero = new int[d];
        int count = 0;
        for (int i = 0; i < d; i++) {
            if (x[i] != 0) {
                nonZero[count++] = i;
            }
        }
        double sum = 0;
        for (int a = 0; a < count; a++) {
            int i = nonZero[a];
            int row = i * d;
            double inner = 0;
            for (int b = 0; b < count; b++) {
                int j = nonZero[b];
                inner += m[row + j] * x[j];
            }
            sum += x[i] * inner;
        }
        return sum;
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
