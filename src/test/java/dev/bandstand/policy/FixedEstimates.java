package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Test estimates with given means, counts and pending decisions; widths as a tabular model
 * reports them and draws from Beta(1 + mean n, 1 + (1 - mean) n).
 */
final class FixedEstimates implements Estimates {

    private final double[] means;
    private final double[] n;
    private final double[] pending;

    FixedEstimates(double[] means, double[] n, double[] pending) {
        this.means = means;
        this.n = n;
        this.pending = pending;
    }

    static FixedEstimates means(double... means) {
        return new FixedEstimates(means, new double[means.length], new double[means.length]);
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
        return n[i];
    }

    @Override
    public double pending(int i) {
        return pending[i];
    }

    @Override
    public double width(int i) {
        return Math.sqrt(1 / (n[i] + 1));
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        for (int i = 0; i < means.length; i++) {
            out[i] = Sampling.beta(1 + means[i] * n[i], 1 + (1 - means[i]) * n[i], random);
        }
    }

    @Override
    public String bucket() {
        return "";
    }
}
