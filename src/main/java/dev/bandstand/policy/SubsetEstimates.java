package dev.bandstand.policy;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/** Estimates restricted to some candidates; see {@link Subset}. */
final class SubsetEstimates implements Estimates, ProbabilityMemo, BetaPosteriors {

    private final Estimates all;
    private final int[] indices;
    private double[] scratch;

    SubsetEstimates(Estimates all, int[] indices) {
        this.all = all;
        this.indices = indices;
    }

    /** The estimates this view restricts. */
    Estimates parent() {
        return all;
    }

    /** Index into {@link #parent()} of each candidate of this view; not a copy. */
    int[] indices() {
        return indices;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public double mean(int i) {
        return all.mean(indices[i]);
    }

    @Override
    public double observations(int i) {
        return all.observations(indices[i]);
    }

    @Override
    public double pending(int i) {
        return all.pending(indices[i]);
    }

    @Override
    public double width(int i) {
        return all.width(indices[i]);
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        if (scratch == null) {
            scratch = new double[all.size()];
        }
        all.sample(random, scratch);
        for (int i = 0; i < indices.length; i++) {
            out[i] = scratch[indices[i]];
        }
    }

    @Override
    public double[][] betaParameters() {
        double[][] full = all instanceof BetaPosteriors b ? b.betaParameters() : null;
        if (full == null) {
            return null;
        }
        double[] a = new double[indices.length];
        double[] b = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            a[i] = full[0][indices[i]];
            b[i] = full[1][indices[i]];
        }
        return new double[][] {a, b};
    }

    @Override
    public String bucket() {
        return all.bucket();
    }

    @Override
    public Object recall(Object key) {
        return all instanceof ProbabilityMemo memo ? memo.recall(new Key(key, indexList())) : null;
    }

    @Override
    public void remember(Object key, Object value) {
        if (all instanceof ProbabilityMemo memo) {
            memo.remember(new Key(key, indexList()), value);
        }
    }

    private List<Integer> indexList() {
        return Arrays.stream(indices).boxed().toList();
    }

    /** A policy's key within the subset. */
    private record Key(Object policy, List<Integer> indices) {
    }
}
