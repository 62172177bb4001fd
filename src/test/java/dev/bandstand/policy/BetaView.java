package dev.bandstand.policy;

import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Independent Beta posteriors with the given parameters, as a tabular model's view; with a
 * memo map when {@code memo} is not null. Observations are {@code alpha + beta - 2}, as the
 * tabular model's Beta(1 + s, 1 + n - s) gives.
 */
record BetaView(double[] alpha, double[] beta, Map<Object, Object> memo)
        implements Estimates, BetaPosteriors, ProbabilityMemo {

    BetaView(double[] alpha, double[] beta) {
        this(alpha, beta, null);
    }

    @Override
    public Object recall(Object key) {
        return memo == null ? null : memo.get(key);
    }

    @Override
    public void remember(Object key, Object value) {
        if (memo != null) {
            memo.put(key, value);
        }
    }

    @Override
    public int size() {
        return alpha.length;
    }

    @Override
    public double mean(int i) {
        return alpha[i] / (alpha[i] + beta[i]);
    }

    @Override
    public double observations(int i) {
        return alpha[i] + beta[i] - 2;
    }

    @Override
    public double pending(int i) {
        return 0;
    }

    @Override
    public double width(int i) {
        return 0;
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = Sampling.beta(alpha[i], beta[i], random);
        }
    }

    @Override
    public String bucket() {
        return "";
    }

    @Override
    public double[][] betaParameters() {
        return new double[][] {alpha.clone(), beta.clone()};
    }
}
