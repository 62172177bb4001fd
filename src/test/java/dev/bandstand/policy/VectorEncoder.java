package dev.bandstand.policy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.FeatureEncoder;

/** Test encoder: feature j is the arm's numeric feature {@code xj}, 0 when absent. */
final class VectorEncoder implements FeatureEncoder {

    private final int d;

    VectorEncoder(int d) {
        this.d = d;
    }

    @Override
    public int dimensions() {
        return d;
    }

    @Override
    public double[] encode(Context context, Arm arm) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            Object v = arm.features().get("x" + j);
            x[j] = v == null ? 0 : (Double) v;
        }
        return x;
    }

    @Override
    public String describe(int index) {
        return "x" + index;
    }
}
